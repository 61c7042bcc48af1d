# Reference values for BestLinearProjectionTest (package nl.samenspel.estimate).
# Run from this folder with:
#   Rscript blp_reference.R > blp_reference.out 2>&1
# (R 4.2, sandwich, lmtest). Writes
#   blp_data.csv      the data: dataset, row, score (the doubly robust score Gamma) and the
#                     modifiers z1..z4 (blank where a data set has fewer)
#   blp_expected.csv  dataset, centring, quantity, value (%.17g): what the Java test pins
# and prints every fit to blp_reference.out. CI does not need R: both CSVs are committed.
#
# The independent implementation: lm (QR), sandwich::vcovHC(type = "HC3"), lmtest::coeftest and
# lmtest::coefci (Student t on the residual degrees of freedom), and
# lmtest::waldtest(fit, . ~ 1, vcov = V, test = "F") for "every slope is 0". The Java class
# leaves out a modifier that does not vary (lm would report its coefficient as NA); the script
# applies the same rule before calling lm.
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
cat("R", R.version.string, "sandwich", as.character(packageVersion("sandwich")),
    "lmtest", as.character(packageVersion("lmtest")), "\n")

# 1. "hand": ten units, small enough to check by hand. z1 is an element score (1-5), z2 age,
#    z3 a score that is 3 for everyone in the group (left out, reported as dropped).
hand <- data.frame(
  score = c(0.3, -0.1, 0.8, 0.5, -0.4, 1.2, 0.0, 0.6, -0.2, 0.9),
  z1 = c(1, 2, 3, 4, 5, 1, 2, 3, 4, 5),
  z2 = c(25, 34, 41, 52, 29, 60, 38, 45, 31, 57),
  z3 = rep(3, 10))

# 2. "profile": 300 units; two element scores 1-5 (missing ones at the midpoint 3), age and
#    months on benefit; the effect falls by 0.02 per point of z1 and the noise grows with z2,
#    so that HC3 and the classical errors differ.
set.seed(20261212)
n <- 300
z1 <- sample(1:5, n, replace = TRUE)
z1[sample(n, 30)] <- 3
z2 <- sample(1:5, n, replace = TRUE)
z3 <- round(runif(n, 18, 66))
z4 <- round(rexp(n, 1 / 30))
score <- 0.1 - 0.02 * (z1 - 3) + 0.001 * (z3 - 40) + rnorm(n, 0, 0.3 + 0.15 * z2)
profile <- data.frame(score = round(score, 6), z1 = z1, z2 = z2, z3 = z3, z4 = z4)

write.csv(rbind(
  data.frame(dataset = "hand", row = seq_len(nrow(hand)), hand, z4 = NA),
  data.frame(dataset = "profile", row = seq_len(n), profile)),
  "blp_data.csv", row.names = FALSE, na = "")
all <- read.csv("blp_data.csv")

rows <- list()
put <- function(dataset, centring, quantity, value) {
  rows[[length(rows) + 1]] <<- data.frame(dataset = dataset, centring = centring,
                                          quantity = quantity,
                                          value = sprintf("%.17g", value))
}

project <- function(dataset, names, centring) {
  d <- all[all$dataset == dataset, c("score", names)]
  varies <- sapply(names, function(v) length(unique(d[[v]])) > 1)
  kept <- names[varies]
  if (centring == "MEAN") {
    for (v in kept) d[[v]] <- d[[v]] - mean(d[[v]])
  }
  fit <- lm(reformulate(kept, response = "score"), data = d)
  V <- vcovHC(fit, type = "HC3")
  ct <- coeftest(fit, vcov = V)
  ci <- coefci(fit, vcov = V, level = 0.95)
  w <- waldtest(fit, . ~ 1, vcov = V, test = "F")
  cat("\n====", dataset, "centring", centring, "; dropped:",
      paste(names[!varies], collapse = ","), "\n")
  print(ct, digits = 12)
  print(ci, digits = 12)
  print(w)
  labels <- c("intercept", kept)
  for (j in seq_along(labels)) {
    put(dataset, centring, paste0(labels[j], ".estimate"), ct[j, 1])
    put(dataset, centring, paste0(labels[j], ".standardError"), ct[j, 2])
    put(dataset, centring, paste0(labels[j], ".statistic"), ct[j, 3])
    put(dataset, centring, paste0(labels[j], ".pValue"), ct[j, 4])
    put(dataset, centring, paste0(labels[j], ".ciLow"), ci[j, 1])
    put(dataset, centring, paste0(labels[j], ".ciHigh"), ci[j, 2])
  }
  put(dataset, centring, "omnibus.statistic", w$F[2])
  put(dataset, centring, "omnibus.degreesOfFreedom", -w$Df[2])
  put(dataset, centring, "omnibus.residualDegreesOfFreedom", w$Res.Df[1])
  put(dataset, centring, "omnibus.pValue", w[["Pr(>F)"]][2])
  put(dataset, centring, "n", nobs(fit))
  # The Wald chi-square form, for the record (the Java class reports the F form).
  cat("Wald chi-square", sprintf("%.17g", w$F[2] * (-w$Df[2])), "on", -w$Df[2], "df, p =",
      sprintf("%.17g", pchisq(w$F[2] * (-w$Df[2]), -w$Df[2], lower.tail = FALSE)), "\n")
}

for (centring in c("MEAN", "NONE")) {
  project("hand", c("z1", "z2", "z3"), centring)
  project("profile", c("z1", "z2", "z3", "z4"), centring)
}
write.csv(do.call(rbind, rows), "blp_expected.csv", row.names = FALSE, quote = FALSE)
cat("\nwrote blp_data.csv and blp_expected.csv\n")
