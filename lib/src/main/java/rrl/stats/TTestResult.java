package rrl.stats;

/**
 * A two-sided t-test of X against Y with the t confidence interval of the mean difference.
 *
 * @param test "paired t" or "Welch t"
 * @param meanDifference mean of X minus mean of Y (paired: mean of the differences), in the scores' unit
 * @param statistic the t statistic
 * @param degreesOfFreedom n - 1 (paired) or the Welch-Satterthwaite degrees of freedom
 * @param pValue two-sided p-value
 * @param low lower end of the confidence interval of the mean difference
 * @param high upper end
 * @param confidence two-sided coverage of [low, high]
 * @param nX runs of X
 * @param nY runs of Y
 */
public record TTestResult(String test, double meanDifference, double statistic, double degreesOfFreedom, double pValue,
                          double low, double high, double confidence, int nX, int nY) {}
