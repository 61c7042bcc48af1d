# Reference values for org.example.samenspel.OverlapWeights (OverlapWeightsReferenceTest).
# Run from this folder with:  Rscript overlap_reference.R > overlap_reference.out 2>&1
# (R 4.2 with the recommended stats, sandwich 3.0-2 and numDeriv 2016.8-1.1; on Debian:
# apt-get install r-base-core r-cran-sandwich r-cran-numderiv). Writes
#   overlap_reference_data.csv  the data set: one row per unit
#   overlap_expected.csv        case, quantity, value: what R computed on it
# The Java test reads both; the build needs no R.
#
# The data: 500 units, three covariates (x1 normal, x2 0/1, x3 uniform), a logistic
# propensity, a 0/1 outcome whose effect varies with x1, a continuous outcome, and unit weights
# between 0.5 and 2. Three cases: the 0/1 outcome without and with the unit weights, and the
# continuous outcome without weights.
#
# The method, computed independently of the Java code:
#   e      fitted values of glm(z ~ x1 + x2 + x3, binomial, weights = w), converged to 1e-15
#   h      overlap weights w (1 - e) for z = 1 and w e for z = 0
#   mu1    weighted mean of y among z = 1 with weights h; mu0 likewise among z = 0
#   tau    mu1 - mu0; also the coefficient of z in lm(y ~ z, weights = h), which must agree
#   SE     the M-estimation sandwich A^-1 B A^-T of the stacked estimating functions
#          (sandwich::estfun(glm) for the logistic score; w z (1 - e)(y - mu1);
#          w (1 - z) e (y - mu0)), B their cross-product, A minus the Jacobian of their sums;
#          A is computed analytically and checked against numDeriv::jacobian (printed below).
suppressPackageStartupMessages({
  library(sandwich)
  library(numDeriv)
})
cat("R", R.version$major, ".", R.version$minor, ", sandwich ",
    as.character(packageVersion("sandwich")), ", numDeriv ",
    as.character(packageVersion("numDeriv")), "\n", sep = "")

set.seed(20260215)
n <- 500
x1 <- rnorm(n)
x2 <- rbinom(n, 1, 0.4)
x3 <- runif(n)
ps <- plogis(-0.3 + 0.8 * x1 - 0.5 * x2 + 0.6 * x3)
z <- rbinom(n, 1, ps)
y_binary <- rbinom(n, 1, plogis(-0.5 + 0.6 * x1 + 0.3 * x2 - 0.4 * x3 + z * (0.5 + 0.3 * x1)))
y_continuous <- 1 + 0.5 * x1 - 0.3 * x2 + x3 + z * (0.4 + 0.2 * x1) + rnorm(n)
w <- runif(n, 0.5, 2)
data <- data.frame(unit = seq_len(n), z = z, y_binary = y_binary,
                   y_continuous = round(y_continuous, 8), x1 = round(x1, 8), x2 = x2,
                   x3 = round(x3, 8), w = round(w, 6))
write.csv(data, "overlap_reference_data.csv", row.names = FALSE)
data <- read.csv("overlap_reference_data.csv")
cat("units", nrow(data), "treated", sum(data$z), "\n")

out <- data.frame(case = character(), quantity = character(), value = numeric())
put <- function(case, quantity, value) {
  out[nrow(out) + 1, ] <<- list(case, quantity, value)
}

overlap <- function(case, y, w) {
  d <- data.frame(z = data$z, y = y, x1 = data$x1, x2 = data$x2, x3 = data$x3, w = w)
  # binomial with non-integer weights warns about "non-integer #successes"; the fit is the
  # weighted maximum-likelihood fit all the same.
  fit <- suppressWarnings(glm(z ~ x1 + x2 + x3, family = binomial, data = d, weights = w,
                              control = glm.control(epsilon = 1e-15, maxit = 100)))
  X <- model.matrix(fit)
  q <- ncol(X)
  z <- d$z
  e <- as.vector(fitted(fit))
  h <- ifelse(z == 1, w * (1 - e), w * e)
  mu1 <- sum(h * z * y) / sum(h * z)
  mu0 <- sum(h * (1 - z) * y) / sum(h * (1 - z))
  tau <- mu1 - mu0
  tau_wls <- unname(coef(lm(y ~ z, weights = h))["z"])

  score <- estfun(fit)                      # w (z - e) X
  stopifnot(max(abs(score - w * (z - e) * X)) < 1e-10)
  Psi <- cbind(score, z * w * (1 - e) * (y - mu1), (1 - z) * w * e * (y - mu0))
  B <- crossprod(Psi)

  A <- matrix(0, q + 2, q + 2)
  A[1:q, 1:q] <- crossprod(X * sqrt(w * e * (1 - e)))
  A[q + 1, 1:q] <- colSums(z * w * e * (1 - e) * (y - mu1) * X)
  A[q + 1, q + 1] <- sum(z * h)
  A[q + 2, 1:q] <- -colSums((1 - z) * w * e * (1 - e) * (y - mu0) * X)
  A[q + 2, q + 2] <- sum((1 - z) * h)

  # The same A as minus the numerical Jacobian of the summed estimating functions.
  sums <- function(theta) {
    beta <- theta[1:q]
    p <- as.vector(plogis(X %*% beta))
    c(colSums(w * (z - p) * X), sum(z * w * (1 - p) * (y - theta[q + 1])),
      sum((1 - z) * w * p * (y - theta[q + 2])))
  }
  numeric <- -jacobian(sums, c(coef(fit), mu1, mu0))
  cat(case, ": largest |A analytic - A numerical| / largest |A| = ",
      format(max(abs(A - numeric)) / max(abs(A)), digits = 3), "\n", sep = "")
  # sandwich's bread of the glm is n (X' W X)^-1: the same logistic block.
  cat(case, ": largest relative difference of X'WX and n solve(bread(glm)) = ",
      format(max(abs(A[1:q, 1:q] - nobs(fit) * solve(bread(fit)))) / max(abs(A[1:q, 1:q])),
             digits = 3), "\n", sep = "")

  Ainv <- solve(A)
  V <- Ainv %*% B %*% t(Ainv)
  contrast <- c(rep(0, q), 1, -1)
  se <- sqrt(drop(t(contrast) %*% V %*% contrast))

  # Balance: standardised mean differences (pooled SD of the two arms with the unit weights)
  # before and after the overlap weights; after them the means are equal.
  smd <- function(v, weights) {
    x <- d[[v]]
    m1 <- sum(w * z * x) / sum(w * z)
    m0 <- sum(w * (1 - z) * x) / sum(w * (1 - z))
    v1 <- sum(w * z * (x - m1)^2) / sum(w * z)
    v0 <- sum(w * (1 - z) * (x - m0)^2) / sum(w * (1 - z))
    (sum(weights * z * x) / sum(weights * z) -
       sum(weights * (1 - z) * x) / sum(weights * (1 - z))) / sqrt((v1 + v0) / 2)
  }
  smd_after <- sapply(c("x1", "x2", "x3"), smd, weights = h)
  for (v in c("x1", "x2", "x3")) {
    put(case, paste0("smd_before_", v), smd(v, w))
  }
  cat(case, ": tau ", format(tau, digits = 15), ", lm(y ~ z, weights = h) ",
      format(tau_wls, digits = 15), ", SE ", format(se, digits = 15),
      ", largest |SMD after| ", format(max(abs(smd_after)), digits = 3), "\n", sep = "")
  z95 <- qnorm(0.975)
  put(case, "estimate", tau)
  put(case, "estimate_wls", tau_wls)
  put(case, "standard_error", se)
  put(case, "ci_low", tau - z95 * se)
  put(case, "ci_high", tau + z95 * se)
  put(case, "mean_treated", mu1)
  put(case, "mean_comparison", mu0)
  put(case, "effective_treated", sum(h[z == 1])^2 / sum(h[z == 1]^2))
  put(case, "effective_comparison", sum(h[z == 0])^2 / sum(h[z == 0]^2))
  # quantile type 7 (R's default) interpolates linearly, as the diagnostics do.
  for (p in c(0.05, 0.5, 0.95)) {
    put(case, sprintf("propensity_treated_p%02d", round(100 * p)), quantile(e[z == 1], p))
    put(case, sprintf("propensity_comparison_p%02d", round(100 * p)), quantile(e[z == 0], p))
  }
}

overlap("binary", data$y_binary, rep(1, nrow(data)))
overlap("binary_weighted", data$y_binary, data$w)
overlap("continuous", data$y_continuous, rep(1, nrow(data)))
out$value <- sprintf("%.17g", out$value)
write.csv(out, "overlap_expected.csv", row.names = FALSE, quote = c(1, 2))
print(out, right = FALSE)
