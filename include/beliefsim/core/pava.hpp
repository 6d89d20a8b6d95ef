#pragma once
/// Pool-adjacent-violators (ironing), the one copy of the library: blocks are appended left to
/// right and the last two merged while they violate the order, so the result is monotone.
/// Tested by: tests/pricing/test_menu.cpp and tests/bbs/test_menus.cpp (ironed menus).

#include <vector>

namespace beliefsim {

/// Appends `cell` to `blocks`, then while `violates(left, right)` holds for the last two blocks
/// replaces them by `merge(left, right)`. Calling it on the cells in order yields the pooled blocks.
template <class Block, class Violates, class Merge>
void pool_adjacent_violators(std::vector<Block>& blocks, Block cell, const Violates& violates, const Merge& merge) {
    blocks.push_back(std::move(cell));
    while (blocks.size() >= 2 && violates(blocks[blocks.size() - 2], blocks.back())) {
        Block merged = merge(blocks[blocks.size() - 2], blocks.back());
        blocks.pop_back();
        blocks.back() = std::move(merged);
    }
}

} // namespace beliefsim
