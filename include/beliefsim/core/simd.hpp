#pragma once
/// Function multiversioning for the few hot vector loops (exp, log, conversions, binning): one clone
/// per x86-64 level, picked at load time, so a portable binary still uses AVX-512 or AVX2 where the
/// CPU has it. Results are bitwise identical across thread counts on one machine; across machines
/// the summation order of a reduction may follow the vector width (README, "Deviations").
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BELIEFSIM_TARGET_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define BELIEFSIM_TARGET_CLONES
#endif
