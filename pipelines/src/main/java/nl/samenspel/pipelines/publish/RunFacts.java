package nl.samenspel.pipelines.publish;

import nl.samenspel.evidence.Definitions;
import nl.samenspel.evidence.PublicationScope;

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
 * @param scope whose evidence this is and for which period (what pooling compares)
 * @param definitions what the estimates mean (what pooling requires to be the same)
 */
public record RunFacts(int windowDays, int minimumArmSize, int folds, int horizonMonths,
    int minimumMonths, int combinationsEstimated, int combinationsTooSmall,
    int combinationsWithoutOverlap, int combinationsFailed, PublicationScope scope,
    Definitions definitions) {}
