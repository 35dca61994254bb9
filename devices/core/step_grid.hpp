// Values on a parameter's step grid as decimals: the sweep computes `min + step` and the like
// in floating point, which gives 5.500000000000001 where a device's grid check wants 5.5.
#pragma once

namespace stimbench {

// How many decimals a step has (0.1 -> 1, 0.25 -> 2, 5 -> 0), at most 9.
int step_decimals(double step);

// `value` rounded to the step's decimals plus one (so a half-step case survives), as the
// double nearest that decimal: its shortest text is what a person would write.
double tidy_on_grid(double value, double step);

}  // namespace stimbench
