package nl.samenspel.pipelines.publish;

/**
 * What the report says about the run besides the evidence itself.
 *
 * @param windowDays interventions starting 0..windowDays days after the assessment count
 * @param minimumArmSize smallest group a combination needs to be estimated
 * @param folds cross-fitting folds of the AIPW estimator
 * @param horizonMonths durable participation must start within this many months
 * @param minimumMonths and last this many consecutive months
 * @param combinationsEstimated combinations with an estimate
 * @param combinationsTooSmall combinations left out for too few clients
 * @param combinationsWithoutOverlap combinations left out for lack of overlap
 * @param combinationsFailed combinations where a model failed
 */
public record RunFacts(int windowDays, int minimumArmSize, int folds, int horizonMonths, int minimumMonths,
    int combinationsEstimated, int combinationsTooSmall, int combinationsWithoutOverlap,
    int combinationsFailed) {}
