# Reference values for TripleAipwTest (package nl.samenspel.estimate).
# Run from this folder with:
#   Rscript triple_reference.R > triple_reference.out 2>&1
# (R 4.2, base R only). Reads
#   triple_folds.csv     the cross-fitting folds, written by Java:
#                        AugmentedIpw.randomFolds(2000, 5, 20261212) (the pipeline's fold rule;
#                        TripleAipwTest checks that the file still equals it)
# and writes
#   triple_data.csv      the data: fold, a, b, c (the three interventions), y, x1, x2, x3
#   triple_expected.csv  quantity, value (%.17g): what the Java test pins (ATE, trimmed)
#   triple_expected_att.csv  the same for the ATT (the units that received all three)
# CI does not need R: the CSVs are committed.
#
# The independent implementation: base R glm (IRLS) for the factorised propensity
# P(A | X) P(B | A, X) P(C | A, B, X) (C's model with A, B and A:B) and for the per-arm outcome
# models, each fitted per fold on the other folds; pseudo-outcomes, trimming on
# e = pi_111 / (pi_111 + pi_000) in [0.01, 0.99], means and influence-function covariance
# written out below from the formulas in docs/methods.md, not from the Java code.
cat("R", R.version.string, "\n")
control <- glm.control(epsilon = 1e-14, maxit = 100)

set.seed(20261212)
folds <- read.csv("triple_folds.csv")
n <- nrow(folds)
x1 <- rnorm(n)
x2 <- rbinom(n, 1, 0.45)
x3 <- runif(n, 18, 65)
# Confounded: x1 raises every intervention and the outcome; B follows A, C follows A and B.
a <- rbinom(n, 1, plogis(-0.2 + 0.7 * x1 - 0.4 * x2 + 0.02 * (x3 - 40)))
b <- rbinom(n, 1, plogis(-0.4 + 0.5 * x1 + 0.3 * x2 + 0.6 * a))
c <- rbinom(n, 1, plogis(-0.5 + 0.4 * x1 + 0.02 * (x3 - 40) + 0.4 * a + 0.3 * b + 0.4 * a * b))
y <- rbinom(n, 1, plogis(-1 + 0.5 * x1 + 0.3 * x2 - 0.02 * (x3 - 40) + 0.3 * a + 0.2 * b +
                          0.3 * c + 0.3 * a * b * c))
data <- data.frame(fold = folds$fold, a = a, b = b, c = c, y = y, x1 = round(x1, 6), x2 = x2,
                   x3 = round(x3, 4))
write.csv(data, "triple_data.csv", row.names = FALSE)
data <- read.csv("triple_data.csv")
data$arm <- data$a + 2 * data$b + 4 * data$c
cat("units per arm (code a + 2b + 4c):\n")
print(table(factor(data$arm, levels = 0:7)))

K <- max(data$fold) + 1
pi <- matrix(NA, n, 8)
m <- matrix(NA, n, 8)
for (f in 0:(K - 1)) {
  train <- data[data$fold != f, ]
  test <- data$fold == f
  new <- data[test, ]
  fitA <- glm(a ~ x1 + x2 + x3, family = binomial, data = train, control = control)
  fitB <- glm(b ~ x1 + x2 + x3 + a, family = binomial, data = train, control = control)
  fitC <- glm(c ~ x1 + x2 + x3 + a + b + a:b, family = binomial, data = train,
              control = control)
  for (arm in 0:7) {
    ai <- arm %% 2
    bi <- (arm %/% 2) %% 2
    ci <- arm %/% 4
    counterfactual <- new
    counterfactual$a <- ai
    counterfactual$b <- bi
    pA <- predict(fitA, newdata = counterfactual, type = "response")
    pB <- predict(fitB, newdata = counterfactual, type = "response")
    pC <- predict(fitC, newdata = counterfactual, type = "response")
    pi[test, arm + 1] <- (if (ai == 1) pA else 1 - pA) * (if (bi == 1) pB else 1 - pB) *
      (if (ci == 1) pC else 1 - pC)
    fitY <- glm(y ~ x1 + x2 + x3, family = binomial, data = train[train$arm == arm, ],
                control = control)
    m[test, arm + 1] <- predict(fitY, newdata = new, type = "response")
  }
}
cat("rows of pi sum to 1 within", max(abs(rowSums(pi) - 1)), "\n")

e <- pi[, 8] / (pi[, 8] + pi[, 1])
kept <- e >= 0.01 & e <= 0.99
cat("kept", sum(kept), "of", n, "\n")
psi <- matrix(NA, n, 8)
for (arm in 0:7) {
  own <- as.numeric(data$arm == arm)
  psi[, arm + 1] <- m[, arm + 1] + own * (data$y - m[, arm + 1]) / pmax(pi[, arm + 1], 1e-3)
}
psi <- psi[kept, ]
k <- nrow(psi)
mu <- colMeans(psi)
phi <- sweep(psi, 2, mu)
covariance <- crossprod(phi) / k^2

rows <- list()
put <- function(quantity, value) {
  rows[[length(rows) + 1]] <<- data.frame(quantity = quantity, value = sprintf("%.17g", value))
}
put("trimmed", n - k)
for (arm in 0:7) {
  own <- data$arm[kept] == arm
  w <- 1 / pmax(pi[kept, arm + 1][own], 1e-3)
  put(sprintf("arm%d.mean", arm), mu[arm + 1])
  put(sprintf("arm%d.standardError", arm), sqrt(covariance[arm + 1, arm + 1]))
  put(sprintf("arm%d.units", arm), sum(own))
  put(sprintf("arm%d.effectiveSize", arm), sum(w)^2 / sum(w^2))
  for (other in 0:7) {
    put(sprintf("covariance.%d.%d", arm, other), covariance[arm + 1, other + 1])
  }
}
weights <- list(
  ALL_VERSUS_NONE = c(-1, 0, 0, 0, 0, 0, 0, 1),
  FIRST_SECOND_VERSUS_NONE = c(-1, 0, 0, 1, 0, 0, 0, 0),
  FIRST_THIRD_VERSUS_NONE = c(-1, 0, 0, 0, 0, 1, 0, 0),
  SECOND_THIRD_VERSUS_NONE = c(-1, 0, 0, 0, 0, 0, 1, 0),
  THREE_WAY_INTERACTION = c(-1, 1, 1, -1, 1, -1, -1, 1),
  FIRST_VERSUS_NONE = c(-1, 1, 0, 0, 0, 0, 0, 0),
  SECOND_VERSUS_NONE = c(-1, 0, 1, 0, 0, 0, 0, 0),
  THIRD_VERSUS_NONE = c(-1, 0, 0, 0, 1, 0, 0, 0))
z <- qnorm(0.975)
# Every contrast of the weights above from arm means and their covariance, with a Wald interval.
contrasts <- function(means, cov) {
  for (name in names(weights)) {
    w <- weights[[name]]
    estimate <- sum(w * means)
    se <- sqrt(drop(t(w) %*% cov %*% w))
    put(paste0(name, ".estimate"), estimate)
    put(paste0(name, ".standardError"), se)
    put(paste0(name, ".ciLow"), estimate - z * se)
    put(paste0(name, ".ciHigh"), estimate + z * se)
    put(paste0(name, ".pValue"), 2 * pnorm(-abs(estimate / se)))
    cat(sprintf("%-26s %.10f (SE %.10f)\n", name, estimate, se))
  }
}
contrasts(mu, covariance)
write.csv(do.call(rbind, rows), "triple_expected.csv", row.names = FALSE, quote = FALSE)

# ATT: every arm mean standardised to the clients who received all three (arm 7), nobody
# trimmed: mu_a = sum [1(arm = 7) m_a + 1(arm = a) pi_7 / pi_a (y - m_a)] / n_7, influence
# function (psi_a - 1(arm = 7) mu_a) n / n_7, covariance crossprod / n^2.
treated <- as.numeric(data$arm == 7)
nt <- sum(treated)
psiT <- matrix(NA, n, 8)
ratios <- matrix(0, n, 8)
for (arm in 0:7) {
  own <- as.numeric(data$arm == arm)
  ratio <- if (arm == 7) rep(1, n) else pi[, 8] / pmax(pi[, arm + 1], 1e-3)
  ratios[, arm + 1] <- own * ratio
  psiT[, arm + 1] <- treated * m[, arm + 1] + own * ratio * (data$y - m[, arm + 1])
}
muT <- colSums(psiT) / nt
phiT <- (psiT - outer(treated, muT)) * n / nt
covT <- crossprod(phiT) / n^2
rows <- list()
put("trimmed", 0)
for (arm in 0:7) {
  w <- ratios[data$arm == arm, arm + 1]
  put(sprintf("arm%d.mean", arm), muT[arm + 1])
  put(sprintf("arm%d.standardError", arm), sqrt(covT[arm + 1, arm + 1]))
  put(sprintf("arm%d.units", arm), sum(data$arm == arm))
  put(sprintf("arm%d.effectiveSize", arm), sum(w)^2 / sum(w^2))
  for (other in 0:7) {
    put(sprintf("covariance.%d.%d", arm, other), covT[arm + 1, other + 1])
  }
}
cat("ATT (population: the units that received all three):\n")
contrasts(muT, covT)
write.csv(do.call(rbind, rows), "triple_expected_att.csv", row.names = FALSE, quote = FALSE)
cat("wrote triple_data.csv, triple_expected.csv and triple_expected_att.csv\n")
