# The R peer of the benchmark (issue 6): one cross-fitted AIPW fit with glm, specified exactly
# as Samenspel's AugmentedIpw.estimate(input, Contrast.BINARY, fold) with the plain maximum
# likelihood (lambda = 0), so that the two agree to 1e-6 and only their speed differs.
#
#   Rscript bench/aipw.R table.csv
#
# The CSV (written by RPeer.writeCsv) has y (0/1 outcome), a (0/1 treatment), fold (0..K-1) and
# the numeric covariates x1..xp. Prints one JSON line: estimate, standard_error, n_treated,
# n_comparison, seconds (the fit only, not reading the CSV) and the R version.
# Base R and stats only.

# Samenspel's defaults (Trimming.DEFAULT and AugmentedIpw.PROBABILITY_FLOOR).
trim_lower <- 0.05
trim_upper <- 0.95
probability_floor <- 1e-3

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) {
  stop("usage: Rscript aipw.R table.csv", call. = FALSE)
}
data <- read.csv(args[1])
covariates <- grep("^x[0-9]+$", names(data), value = TRUE)
covariates <- covariates[order(as.integer(sub("^x", "", covariates)))]

# Samenspel leaves out columns without variation over the whole table (population standard
# deviation at most 1e-12); glm would alias them and predict() would warn about rank deficiency.
varies <- vapply(covariates, function(name) {
  v <- data[[name]]
  sqrt(mean((v - mean(v))^2)) > 1e-12
}, logical(1))
covariates <- covariates[varies]

control <- glm.control(epsilon = 1e-14, maxit = 100)

# P(response = 1) for the rows `test` from a logistic model fitted on the rows `train`.
predict_logistic <- function(response, train, test) {
  formula <- reformulate(if (length(covariates) > 0) covariates else "1", response = response)
  model <- glm(formula, family = binomial(), data = data[train, , drop = FALSE],
               control = control)
  if (!model$converged) {
    stop("glm did not converge in ", control$maxit, " iterations", call. = FALSE)
  }
  unname(predict(model, newdata = data[test, , drop = FALSE], type = "response"))
}

fit <- function() {
  n <- nrow(data)
  a <- data$a
  y <- data$y
  fold <- data$fold
  folds <- max(fold) + 1
  p <- numeric(n)
  m1 <- numeric(n)
  m0 <- numeric(n)
  for (f in seq_len(folds) - 1) {
    # One fold means no cross-fitting: the models are fitted and used on every row.
    train <- if (folds == 1) rep(TRUE, n) else fold != f
    test <- if (folds == 1) rep(TRUE, n) else fold == f
    if (length(unique(a[train])) < 2) {
      stop("all units are in one arm; nothing to compare", call. = FALSE)
    }
    p[test] <- predict_logistic("a", train, test)
    for (arm in c(1, 0)) {
      rows <- train & a == arm
      if (sum(rows) < 2) {
        stop("arm ", arm, " has ", sum(rows), " units in a training fold", call. = FALSE)
      }
      # An arm whose training outcomes do not vary predicts that constant, as Samenspel does.
      prediction <- if (length(unique(y[rows])) == 1) y[rows][1]
                    else predict_logistic("y", rows, test)
      if (arm == 1) m1[test] <- prediction else m0[test] <- prediction
    }
  }
  # e = P(treated | treated or comparison), computed as Samenspel does so that the trimming
  # bounds (inclusive) fall on the same units.
  e <- p / ((1 - p) + p)
  kept <- e >= trim_lower & e <= trim_upper
  treated <- kept & a == 1
  comparison <- kept & a == 0
  if (sum(treated) < 2 || sum(comparison) < 2) {
    stop("too few units after trimming (no overlap?)", call. = FALSE)
  }
  p1 <- pmax(p, probability_floor)
  p0 <- pmax(1 - p, probability_floor)
  psi1 <- m1 + ifelse(a == 1, (y - m1) / p1, 0)
  psi0 <- m0 + ifelse(a == 0, (y - m0) / p0, 0)
  difference <- (psi1 - psi0)[kept]
  estimate <- mean(psi1[kept]) - mean(psi0[kept])
  # The influence-function standard error of the ATE (unit weights).
  standard_error <- sqrt(sum((difference - estimate)^2)) / sum(kept)
  list(estimate = estimate, standard_error = standard_error,
       n_treated = sum(treated), n_comparison = sum(comparison))
}

elapsed <- system.time(result <- fit())[["elapsed"]]
cat(sprintf(paste0('{"estimate":%.17g,"standard_error":%.17g,"n_treated":%d,',
                   '"n_comparison":%d,"seconds":%.6f,"r_version":"%s"}\n'),
            result$estimate, result$standard_error, result$n_treated, result$n_comparison,
            elapsed, paste(R.version$major, R.version$minor, sep = ".")))
