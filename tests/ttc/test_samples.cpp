#include "beliefsim/core/error.hpp"
#include "beliefsim/io/ttc_csv.hpp"
#include "beliefsim/ttc/samples.hpp"

#include "../support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace beliefsim;
using namespace beliefsim::ttc;
using beliefsim::io::read_samples_csv;
using beliefsim::io::write_samples_csv;

namespace {

std::filesystem::path write(const beliefsim::test::TempDir& dir, const std::string& text) {
    const auto file = dir.path / "s.csv";
    std::ofstream(file) << text;
    return file;
}

/// The ConfigError's field for reading `text`, or "" when it reads fine.
std::string error_field(const std::string& text) {
    beliefsim::test::TempDir dir;
    try {
        (void)read_samples_csv(write(dir, text));
    } catch (const ConfigError& e) {
        return e.field().substr(e.field().find("s.csv"));
    }
    return "";
}

const std::string HEADER = "provider,question,sample,correct,answer,reward,tokens\n";

} // namespace

TEST_CASE("ttc samples: CSV round trip is exact", "[ttc][unit]") {
    ProviderSamples p{"m1",
                      2,
                      3,
                      {1, 0, 0, 1, 1, 0},
                      {0, 2, NO_ANSWER, 5, 5, 1},
                      {0.1, -2.5e-7, NO_REWARD, 1.0 / 3.0, 7, 0},
                      {10, 20, 30, 40, 50.5, 0}};
    beliefsim::test::TempDir dir;
    write_samples_csv(dir.path / "x.csv", std::span(&p, 1));
    const auto back = read_samples_csv(dir.path / "x.csv");
    REQUIRE(back.size() == 1);
    CHECK(back[0].name == "m1");
    CHECK(back[0].questions == 2);
    CHECK(back[0].samples == 3);
    CHECK(back[0].correct == p.correct);
    CHECK(back[0].answer == p.answer);
    CHECK(back[0].reward == p.reward);
    CHECK(back[0].tokens == p.tokens);
    CHECK_FALSE(std::filesystem::exists(dir.path / "x.csv.tmp"));
}

TEST_CASE("ttc samples: rows in any order and truncation to the fewest samples", "[ttc][unit]") {
    beliefsim::test::TempDir dir;
    const auto file = write(dir, "tokens,reward,answer,correct,sample,question,provider,extra\n"
                                 "5,0.5,1,1,1,7,a,x\n"
                                 "6,none,none,0,0,7,a,x\n"
                                 "1,1,3,true,0,9,a,x\n"
                                 "2,2,3,True,2,7,a,x\n"
                                 "3,nan,4,false,0,1,b,x\n");
    const auto s = read_samples_csv(file);
    REQUIRE(s.size() == 2);
    CHECK(s[0].name == "a");
    CHECK(s[0].questions == 2);
    CHECK(s[0].samples == 1); // question 9 has one sample
    CHECK(s[0].answer == std::vector<std::int32_t>{NO_ANSWER, 3});
    CHECK(s[0].reward[0] == NO_REWARD);
    CHECK(s[0].tokens == std::vector<double>{6, 1});
    CHECK(s[1].name == "b");
    CHECK(s[1].reward[0] == NO_REWARD);
}

TEST_CASE("ttc samples: bad input names the file line and column", "[ttc][bad-input]") {
    CHECK(error_field(HEADER + "a,0,0,2,0,0.5,10\n") == "s.csv:2:correct");
    CHECK(error_field(HEADER + "a,0,0,1,x,0.5,10\n") == "s.csv:2:answer");
    CHECK(error_field(HEADER + "a,0,0,1,-3,0.5,10\n") == "s.csv:2:answer");
    CHECK(error_field(HEADER + "a,0,0,1,0,abc,10\n") == "s.csv:2:reward");
    CHECK(error_field(HEADER + "a,0,0,1,0,0.5,-1\n") == "s.csv:2:tokens");
    CHECK(error_field(HEADER + "a,0,0,1,0,0.5,inf\n") == "s.csv:2:tokens");
    CHECK(error_field(HEADER + "a,q,0,1,0,0.5,1\n") == "s.csv:2:question");
    CHECK(error_field(HEADER + "a,0,0,1,0,0.5\n") == "s.csv:2:tokens");
    CHECK(error_field(HEADER + ",0,0,1,0,0.5,1\n") == "s.csv:2:provider");
    CHECK(error_field(HEADER + "a,0,0,1,0,0.5,1\n\na,0,0,1,0,0.5,1\n") == "s.csv:4:sample");
    CHECK(error_field(HEADER + "a,0,-1,1,0,0.5,1\n") == "s.csv:2:sample");
    // Whole-file rules name the file alone.
    CHECK(error_field(HEADER + "a,0,1,1,0,0.5,1\n") == "s.csv");                       // sample 0 missing
    CHECK(error_field(HEADER) == "s.csv");                                             // no rows
    CHECK(error_field("provider,question,sample,correct,answer,reward\n") == "s.csv"); // no tokens column
    CHECK(error_field(HEADER + "a,0,0,1,0,0.5,1\n").empty());
    CHECK_THROWS_AS(read_samples_csv("/nonexistent/ttc.csv"), ConfigError);
}

TEST_CASE("ttc samples: validate rejects malformed records", "[ttc][bad-input]") {
    ProviderSamples ok{"m", 1, 2, {1, 0}, {0, 1}, {0, 0}, {1, 1}};
    CHECK_NOTHROW(validate(ok));
    auto bad = ok;
    bad.tokens.pop_back();
    CHECK_THROWS_AS(validate(bad), InvalidArgument);
    bad = ok;
    bad.correct[0] = 2;
    CHECK_THROWS_AS(validate(bad), InvalidArgument);
    bad = ok;
    bad.reward[1] = std::nan("");
    CHECK_THROWS_AS(validate(bad), InvalidArgument);
    bad = ok;
    bad.answer[0] = -7;
    CHECK_THROWS_AS(validate(bad), InvalidArgument);
    bad = ok;
    bad.name = "a,b";
    beliefsim::test::TempDir dir;
    CHECK_THROWS_AS(write_samples_csv(dir.path / "x.csv", std::span(&bad, 1)), InvalidArgument);
}
