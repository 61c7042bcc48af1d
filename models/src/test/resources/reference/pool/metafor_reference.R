# Reference values for RandomEffectsTest and MetaRegressionTest (package nl.samenspel.pool).
# Run from this folder with:
#   Rscript metafor_reference.R > metafor_reference.out 2>&1
# (R 4.2, metafor 3.8-1). Writes
#   pool_studies.csv   the data: dataset, municipality, estimate, standard_error and the
#                      moderators size_class (categorical) and urbanity (numeric, 1-5)
#   pool_expected.csv  dataset, quantity, value (%.17g): what the Java tests pin
# and prints every fit to metafor_reference.out. CI does not need R: both CSVs are committed.
#
# Convergence: metafor's default threshold (|change in tau^2| < 1e-5) leaves tau^2 off by
# far more than 1e-6 relative when sampling variances are around 1e-4, so every fit uses
# control = list(threshold = 1e-12, maxiter = 1000), the Java defaults.
#
# Units: metafor reports I^2 and R^2 as percentages; the CSV holds them as proportions
# (iSquared = I2 / 100, rSquared = R2 / 100), as the Java results do.
suppressPackageStartupMessages(library(metafor))
cat("R", R.version.string, "metafor", as.character(packageVersion("metafor")), "\n")
control <- list(threshold = 1e-12, maxiter = 1000)

set.seed(20261203)
municipalities <- function(k) sprintf("m%03d", seq_len(k))
blank <- function(k) rep(NA, k)

# A realistic combination: k municipalities of 300 to 30,000 clients, half receiving the
# intervention, a baseline rate between 0.2 and 0.5 and a true effect 0.05 + N(0, 0.03^2);
# estimate and standard error from the observed proportions (as the estimate stage reports a
# risk difference).
realistic <- function(name, k) {
  n <- round(exp(runif(k, log(300), log(30000))))
  p0 <- runif(k, 0.2, 0.5)
  theta <- 0.05 + rnorm(k, 0, 0.03)
  n1 <- n %/% 2
  n0 <- n - n1
  r1 <- rbinom(k, n1, p0 + theta) / n1
  r0 <- rbinom(k, n0, p0) / n0
  data.frame(dataset = name, municipality = municipalities(k), estimate = r1 - r0,
             standard_error = sqrt(r1 * (1 - r1) / n1 + r0 * (1 - r0) / n0),
             size_class = blank(k), urbanity = blank(k))
}

# Hand-made data sets carry moderators in a fixed pattern, for the meta-regressions on them.
hand <- function(name, estimate, standard_error) {
  k <- length(estimate)
  data.frame(dataset = name, municipality = municipalities(k), estimate = estimate,
             standard_error = standard_error,
             size_class = rep_len(c("small", "large", "medium"), k),
             urbanity = rep_len(c(1, 3, 5, 2, 4), k))
}

# Moderated: the true effect grows with urbanity (1-5) and is larger in large municipalities.
moderated <- function(name, k, residual_tau) {
  size_class <- sample(c("small", "medium", "large"), k, replace = TRUE)
  size_class[1:3] <- c("small", "medium", "large")
  urbanity <- sample(1:5, k, replace = TRUE)
  n <- ifelse(size_class == "small", 800, ifelse(size_class == "medium", 4000, 20000))
  n <- round(n * exp(runif(k, -0.5, 0.5)))
  theta <- 0.01 + 0.012 * urbanity + 0.03 * (size_class == "large") +
    rnorm(k, 0, residual_tau)
  se <- sqrt(2 * 0.3 * 0.7 / (n / 2))
  data.frame(dataset = name, municipality = municipalities(k),
             estimate = theta + rnorm(k, 0, se), standard_error = se,
             size_class = size_class, urbanity = urbanity)
}

studies <- rbind(
  hand("two", c(0.052, 0.018), c(0.011, 0.009)),
  hand("heterogeneous",
       c(0.081, 0.012, 0.047, -0.015, 0.066, 0.029, 0.104, 0.038),
       c(0.021, 0.009, 0.015, 0.018, 0.027, 0.006, 0.033, 0.012)),
  hand("homogeneous",
       c(0.041, 0.037, 0.045, 0.039, 0.050, 0.033),
       c(0.010, 0.012, 0.015, 0.008, 0.020, 0.011)),
  hand("identical", rep(0.04, 4), c(0.01, 0.02, 0.015, 0.03)),
  hand("extreme_se_ratio",
       c(0.051, 0.030, 0.090, -0.120, 0.250, 0.062, 0.044),
       c(0.0004, 0.004, 0.02, 0.1, 0.4, 0.01, 0.002)),
  hand("near_zero",
       c(0.040, 0.061, 0.025, 0.052, 0.031),
       c(0.010, 0.012, 0.011, 0.009, 0.013)),
  realistic("realistic30", 30),
  realistic("national342", 342),
  moderated("moderators", 24, 0.012),
  moderated("explained", 12, 0))
studies$estimate <- round(studies$estimate, 6)
studies$standard_error <- round(studies$standard_error, 6)
write.csv(studies, "pool_studies.csv", row.names = FALSE, na = "")
studies <- read.csv("pool_studies.csv", stringsAsFactors = FALSE)

expected <- data.frame(dataset = character(), quantity = character(), value = character())
put <- function(dataset, quantity, value) {
  expected[nrow(expected) + 1, ] <<- list(dataset, quantity, sprintf("%.17g", value))
}

for (name in c("two", "heterogeneous", "homogeneous", "identical", "extreme_se_ratio",
               "near_zero", "realistic30", "national342", "moderators", "explained")) {
  d <- studies[studies$dataset == name, ]
  vi <- d$standard_error^2
  re <- rma(d$estimate, vi, method = "REML", test = "knha", control = control)
  pr <- predict(re)
  fe <- rma(d$estimate, vi, method = "FE")
  cat("\n==== ", name, " (k = ", nrow(d), ") ====\n", sep = "")
  print(re, digits = 8)
  print(pr, digits = 8)
  print(fe, digits = 8)
  put(name, "tau2", re$tau2)
  put(name, "estimate", re$b[1])
  put(name, "standardError", re$se)
  put(name, "ciLow", re$ci.lb)
  put(name, "ciHigh", re$ci.ub)
  put(name, "pValue", re$pval)
  put(name, "predictionLow", pr$pi.lb)
  put(name, "predictionHigh", pr$pi.ub)
  put(name, "iSquared", re$I2 / 100)
  put(name, "hSquared", re$H2)
  put(name, "q", re$QE)
  put(name, "qPValue", re$QEp)
  put(name, "fixedEstimate", fe$b[1])
  put(name, "fixedStandardError", fe$se)
  put(name, "fixedCiLow", fe$ci.lb)
  put(name, "fixedCiHigh", fe$ci.ub)
}

# Meta-regressions, keyed "regression.<name>". Column names written as the Java design
# names them: intercept, size_class=<level> (R's treatment coding, the first level
# alphabetically the reference), urbanity.
regression <- function(name, formula, dataset = name) {
  key <- paste0("regression.", name)
  d <- studies[studies$dataset == dataset, ]
  vi <- d$standard_error^2
  mr <- rma(d$estimate, vi, mods = formula, data = d, method = "REML", test = "knha",
            control = control)
  cat("\n==== meta-regression ", name, ": ", deparse(formula), " ====\n", sep = "")
  print(mr, digits = 8)
  names <- rownames(mr$b)
  names[names == "intrcpt"] <- "intercept"
  names <- sub("^size_class", "size_class=", names)
  for (j in seq_along(names)) {
    put(key, paste0("coefficient.", names[j], ".estimate"), mr$b[j])
    put(key, paste0("coefficient.", names[j], ".standardError"), mr$se[j])
    put(key, paste0("coefficient.", names[j], ".ciLow"), mr$ci.lb[j])
    put(key, paste0("coefficient.", names[j], ".ciHigh"), mr$ci.ub[j])
    put(key, paste0("coefficient.", names[j], ".pValue"), mr$pval[j])
  }
  put(key, "tau2", mr$tau2)
  put(key, "iSquared", mr$I2 / 100)
  put(key, "hSquared", mr$H2)
  put(key, "rSquared", mr$R2 / 100)
  put(key, "qm", mr$QM)
  put(key, "qmPValue", mr$QMp)
  put(key, "qe", mr$QE)
  put(key, "qePValue", mr$QEp)
}
regression("moderators", ~ size_class + urbanity)
regression("moderators_categorical", ~ size_class, dataset = "moderators")
regression("moderators_numeric", ~ urbanity, dataset = "moderators")
regression("explained", ~ size_class + urbanity)
regression("heterogeneous", ~ urbanity)
# tau^2 = 0 without moderators: metafor sets R^2 to 0.
regression("homogeneous", ~ urbanity + size_class)

write.csv(expected, "pool_expected.csv", row.names = FALSE, quote = FALSE)

# The distribution values DistributionsTest pins (upper tails throughout).
cat("\n==== distributions (DistributionsTest) ====\n")
f <- function(x) paste(sprintf("%.17g", x), collapse = " ")
cat("lgamma", f(lgamma(c(0.5, 1, 1.5, 3.5, 10, 170.5, 1e-3))), "\n")
for (df in c(1, 2, 3, 7, 29, 341))
  cat("qt", df, f(qt(c(0.025, 0.005, 0.25, 1e-10), df, lower.tail = FALSE)), "\n")
for (df in c(1, 2, 3, 7, 29, 341))
  cat("pt", df, f(pt(c(0.3, 2.1, 40, 1e-8), df, lower.tail = FALSE)), "\n")
for (df in c(1, 2, 7, 29, 341))
  cat("pchisq", df, f(pchisq(c(0.01, 3.7, 80, 400, 1e-9), df, lower.tail = FALSE)), "\n")
cat("pf", f(c(pf(3.3, 2, 7, lower.tail = FALSE), pf(0.2, 3, 29, lower.tail = FALSE),
              pf(250, 1, 341, lower.tail = FALSE), pf(1.7, 6, 12, lower.tail = FALSE))), "\n")
cat("qnorm", f(qnorm(c(0.025, 0.005, 0.4, 1e-12), lower.tail = FALSE)), "\n")
cat("pnorm", f(pnorm(c(0.1, 1.96, 9), lower.tail = FALSE)), "\n")
