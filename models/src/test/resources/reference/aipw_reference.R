# Reference values for AugmentedIpwReferenceTest and the IPW check next to it.
# Run from this folder with: Rscript aipw_reference.R
# Writes aipw_reference.csv (the data) and prints the estimates that the Java test pins.
# R's glm is the independent implementation: logistic propensity and outcome models by IRLS.
set.seed(20261128)
n <- 500
x1 <- rnorm(n)
x2 <- rbinom(n, 1, 0.4)
x3 <- runif(n, 18, 65)
treat <- rbinom(n, 1, plogis(-0.5 + 0.8 * x1 - 0.6 * x2 + 0.02 * (x3 - 40)))
y <- rbinom(n, 1, plogis(-1 + 0.5 * x1 + 0.4 * x2 - 0.03 * (x3 - 40) + 0.7 * treat))
data <- data.frame(treat = treat, y = y, x1 = round(x1, 6), x2 = x2, x3 = round(x3, 4))
write.csv(data, "aipw_reference.csv", row.names = FALSE)
data <- read.csv("aipw_reference.csv")

ps <- glm(treat ~ x1 + x2 + x3, family = binomial, data = data)
e <- fitted(ps)
m1 <- predict(glm(y ~ x1 + x2 + x3, family = binomial, data = data[data$treat == 1, ]),
              newdata = data, type = "response")
m0 <- predict(glm(y ~ x1 + x2 + x3, family = binomial, data = data[data$treat == 0, ]),
              newdata = data, type = "response")
t <- data$treat
yy <- data$y
psi <- (m1 + t * (yy - m1) / e) - (m0 + (1 - t) * (yy - m0) / (1 - e))
aipw <- mean(psi)
aipw_se <- sqrt(sum((psi - aipw)^2)) / n
w1 <- t / e
w0 <- (1 - t) / (1 - e)
ipw <- sum(w1 * yy) / sum(w1) - sum(w0 * yy) / sum(w0)
cat(sprintf("aipw %.10f\naipw_se %.10f\nipw %.10f\n", aipw, aipw_se, ipw))
