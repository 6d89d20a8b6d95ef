// The text-table reader (include/beliefsim/io/table_reader.hpp): CSV with a header, whitespace
// columns with comments, and errors that name the file, line and column.

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "../support.hpp"
#include "beliefsim/core/error.hpp"
#include "beliefsim/io/table_reader.hpp"

using namespace beliefsim;
using io::TableFormat;
using io::TableReader;

namespace {

std::filesystem::path write(const test::TempDir& dir, const std::string& text) {
    const auto file = dir.path / "t.txt";
    std::ofstream(file) << text;
    return file;
}

} // namespace

TEST_CASE("table reader: CSV with a header, trimmed fields, blank lines skipped", "[io][unit]") {
    test::TempDir dir;
    TableReader in(write(dir, "name , price\r\n\n  a,1.5 \r\nb , -2\n"));
    CHECK(in.column("price") == 1);
    CHECK_FALSE(in.find_column("margin"));
    REQUIRE(in.next());
    CHECK(in.line() == 3);
    CHECK(in.field(0) == "a");
    CHECK(in.number(1) == 1.5);
    REQUIRE(in.next());
    CHECK(in.integer(1) == -2);
    CHECK_FALSE(in.next());
}

TEST_CASE("table reader: whitespace columns and comments", "[io][unit]") {
    test::TempDir dir;
    auto in = TableReader::open(write(dir, "# r density\n0.5\t 2  # tail\n\n1e-3 4\n"), {' ', false, true});
    REQUIRE(in);
    REQUIRE(in->next());
    CHECK(in->size() == 2);
    CHECK(in->number(0) == 0.5);
    CHECK(in->number(1) == 2);
    REQUIRE(in->next());
    CHECK(in->line() == 4);
    CHECK(in->number(0) == 1e-3);
    CHECK_FALSE(in->next());
    CHECK_FALSE(TableReader::open(dir.path / "missing.txt", {' ', false, false}));
}

TEST_CASE("table reader: errors name the file, line and column", "[io][bad-input]") {
    test::TempDir dir;
    const auto field_of = [&](const std::string& text, auto read) {
        try {
            TableReader in(write(dir, text));
            while (in.next()) read(in);
        } catch (const ConfigError& e) {
            return e.field().substr(e.field().find("t.txt"));
        }
        return std::string();
    };
    const auto numbers = [](const TableReader& in) { (void)in.number(in.column("x")); };
    CHECK(field_of("x\n1\n", numbers).empty());
    CHECK(field_of("x\n1\nabc\n", numbers) == "t.txt:3:x");
    CHECK(field_of("x\ninf\n", numbers) == "t.txt:2:x");
    CHECK(field_of("x,y\n1\n", [](const TableReader& in) { (void)in.field(1); }) == "t.txt:2:y");
    CHECK(field_of("x\n1.5\n", [](const TableReader& in) { (void)in.integer(0); }) == "t.txt:2:x");
    CHECK(field_of("y\n1\n", numbers) == "t.txt");
    CHECK(field_of("", numbers) == "t.txt");
    CHECK_THROWS_AS(TableReader(dir.path / "missing.csv"), ConfigError);
    CHECK(io::parse_number("+1") == std::nullopt);
    CHECK(io::parse_integer("12") == 12);
}
