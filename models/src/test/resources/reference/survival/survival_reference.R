# Reference values for nl.samenspel.survival (WeightedKaplanMeierReferenceTest).
# Run from this folder with:  Rscript survival_reference.R > survival_reference.out 2>&1
# (R 4.2, survival 3.5-3). Writes
#   survival_reference_data.csv  the data set: one row per unit
#   survival_expected.csv        quantity, arm, month, value: what R computed on it
# The Java test reads both; CI has no R.
#
# The data: 400 clients in two arms, a propensity of being in arm 1 from one covariate, and
# inverse-probability weights 1/ps (arm 1) and 1/(1 - ps) (arm 0), so weights differ between
# units. Months are whole numbers (many ties); the start of durable work comes from a monthly
# hazard; 35% of clients have a potential follow-up shorter than 24 months (recent
# assessments), some of them 0; everybody else is censored at 24 at the latest.
suppressPackageStartupMessages(library(survival))
cat("R", R.version$major, ".", R.version$minor, ", survival ",
    as.character(packageVersion("survival")), "\n", sep = "")

set.seed(20260114)
n <- 400
x <- rnorm(n)
ps <- round(plogis(-0.2 + 0.9 * x), 6)
arm <- rbinom(n, 1, ps)
weight <- ifelse(arm == 1, 1 / ps, 1 / (1 - ps))
follow_up <- ifelse(runif(n) < 0.35, sample(0:23, n, replace = TRUE), 24L)
hazard <- plogis(-2.9 + 0.5 * x + 0.5 * arm)
start <- sapply(hazard, function(h) {
  s <- 1
  while (runif(1) >= h && s < 60) s <- s + 1
  s
})
event <- as.integer(start <= follow_up)
month <- ifelse(event == 1, start, follow_up)
data <- data.frame(unit = seq_len(n), arm = arm, propensity = ps, weight = round(weight, 10),
                   month = month, event = event, follow_up = follow_up)
write.csv(data, "survival_reference_data.csv", row.names = FALSE)
data <- read.csv("survival_reference_data.csv")
cat("units", nrow(data), "arm 1:", sum(data$arm), "events:", sum(data$event),
    "censored before 24:", sum(data$event == 0 & data$month < 24), "\n")
cat("distinct weights:", length(unique(data$weight)), "range", range(data$weight), "\n")

out <- data.frame(quantity = character(), arm = integer(), month = integer(),
                  value = numeric())
put <- function(quantity, a, month, value) {
  out[nrow(out) + 1, ] <<- list(quantity, a, month, value)
}

months <- 1:24
for (a in 0:1) {
  d <- data[data$arm == a, ]
  for (type in c("log-log", "log", "plain")) {
    # robust = TRUE is also survfit's default with non-integer weights; id = unit says that
    # every row is its own cluster. stype = 1 (product-limit), ctype = 1 are the defaults.
    fit <- survfit(Surv(month, event) ~ 1, data = d, weights = weight, robust = TRUE,
                   id = unit, conf.type = type, influence = TRUE)
    s <- summary(fit, times = months, extend = TRUE)
    tag <- gsub("-", "", type)
    if (type == "log-log") {
      for (k in seq_along(months)) {
        put("surv", a, months[k], s$surv[k])
        put("std_err", a, months[k], s$std.err[k])
        put("n_risk", a, months[k], s$n.risk[k])
      }
      table <- summary(fit, rmean = 24)$table
      put("rmean", a, 24, table[["rmean"]])
      put("rmean_se_greenwood", a, 24, table[["se(rmean)"]])
      table12 <- summary(fit, rmean = 12)$table
      put("rmean", a, 12, table12[["rmean"]])
      # The influence-function SE of the restricted mean from R's influence matrix: the
      # restricted mean is sum_{j=0}^{tau-1} S(j), so its influence is the sum of the columns
      # of influence.surv at months 1..tau-1 (S(0) = 1 has no influence).
      for (tau in c(12, 24)) {
        columns <- sapply(1:(tau - 1), function(j) max(which(fit$time <= j)))
        influence <- rowSums(fit$influence.surv[, columns, drop = FALSE])
        put("rmean_se_influence", a, tau, sqrt(sum(influence^2)))
      }
      # A bootstrap of units with their weights held fixed (what "weights treated as known"
      # means), 2000 resamples: should agree with the influence SE up to Monte Carlo error.
      set.seed(7 + a)
      boot <- replicate(2000, {
        b <- d[sample.int(nrow(d), replace = TRUE), ]
        f <- survfit(Surv(month, event) ~ 1, data = b, weights = weight)
        summary(f, rmean = 24)$table[["rmean"]]
      })
      put("rmean_se_bootstrap", a, 24, sd(boot))
    }
    for (k in seq_along(months)) {
      put(paste0("lower_", tag), a, months[k], s$lower[k])
      put(paste0("upper_", tag), a, months[k], s$upper[k])
    }
  }
}

# The check of independent censoring: a robust score test of "recent" (follow-up shorter than
# 12 months, the horizon of the yes/no outcome) in a weighted Cox model stratified by arm,
# Breslow ties, at beta = 0. coxph's rscore is U^2 / sum of squared weighted score residuals at
# beta = 0.
data$recent <- as.integer(data$follow_up < 12)
cox <- coxph(Surv(month, event) ~ recent + strata(arm), data = data, weights = weight,
             robust = TRUE, id = unit, ties = "breslow")
put("robust_score", -1, 12, cox$rscore)
put("robust_score_p", -1, 12, pchisq(cox$rscore, 1, lower.tail = FALSE))
cat("robust score test of recent (< 12) | strata(arm):", cox$rscore, "p",
    pchisq(cox$rscore, 1, lower.tail = FALSE), "\n")
# The same with every weight 1, and with recent = follow-up shorter than 24 months.
cox1 <- coxph(Surv(month, event) ~ recent + strata(arm), data = data, robust = TRUE,
              id = unit, ties = "breslow")
put("robust_score_unweighted", -1, 12, cox1$rscore)
data$recent24 <- as.integer(data$follow_up < 24)
cox24 <- coxph(Surv(month, event) ~ recent24 + strata(arm), data = data, weights = weight,
               robust = TRUE, id = unit, ties = "breslow")
put("robust_score", -1, 24, cox24$rscore)

write.csv(out, "survival_expected.csv", row.names = FALSE)
print(out[out$quantity %in% c("rmean", "rmean_se_greenwood", "rmean_se_influence",
                               "rmean_se_bootstrap", "robust_score",
                               "robust_score_unweighted"), ], digits = 10)
sessionInfo()
