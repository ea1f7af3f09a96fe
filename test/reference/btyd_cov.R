# Reference log-likelihoods of BG/NBD and Pareto/NBD with static covariates, written from the
# papers and CLVTools' specification (not from customer_rel's code), for test/unit/test_btyd_cov.c.
#   Pareto/NBD: alpha_i = alpha exp(-gp'zp), beta_i = beta exp(-gd'zd); likelihood of Fader &
#     Hardie (2005 note, eq. 18) with the integral done by R's integrate().
#   BG/NBD: alpha_i = alpha exp(-gp'zp), a_i = a exp(gd'zd), b_i = b exp(gd'zd); likelihood of
#     Fader, Hardie & Lee (2005, eq. 6).
# Run: Rscript test/reference/btyd_cov.R
x  <- c(0, 1, 2, 5, 0, 3, 7, 1)
tx <- c(0, 3.5, 10.2, 30.1, 0, 20.0, 35.5, 1.0)
T  <- c(12, 20, 38, 39, 40, 25, 36, 30)
zp <- rbind(c(0, 1), c(1, 0.5), c(-1, 2), c(0.3, -0.7), c(2, 0), c(0, 0), c(-0.5, 1.5), c(1, 1))
zd <- cbind(c(1, 0, -1, 0.5, 0.2, 0, 2, -0.4))

bgnbd_ll <- function(r, alpha, a, b, gp, gd) {
  al <- alpha * exp(-drop(zp %*% gp)); ai <- a * exp(drop(zd %*% gd)); bi <- b * exp(drop(zd %*% gd))
  A1 <- lgamma(r + x) - lgamma(r) + r * log(al)
  A2 <- lbeta(ai, bi + x) - lbeta(ai, bi)
  l1 <- -(r + x) * log(al + T)
  l2 <- ifelse(x > 0, log(ai) - log(bi + x - 1) - (r + x) * log(al + tx), -Inf)
  m <- pmax(l1, l2)
  sum(A1 + A2 + m + log(exp(l1 - m) + exp(l2 - m)))
}

pnbd_ll <- function(r, alpha, s, beta, gp, gd) {
  al <- alpha * exp(-drop(zp %*% gp)); be <- beta * exp(-drop(zd %*% gd))
  tot <- 0
  for (i in seq_along(x)) {
    f <- function(tau) (al[i] + tau)^-(r + x[i]) * (be[i] + tau)^-(s + 1)
    D <- if (tx[i] < T[i]) integrate(f, tx[i], T[i], rel.tol = 1e-13, abs.tol = 0)$value else 0
    L <- lgamma(r + x[i]) - lgamma(r) + r * log(al[i]) + s * log(be[i]) +
      log((al[i] + T[i])^-(r + x[i]) * (be[i] + T[i])^-s + s * D)
    tot <- tot + L
  }
  tot
}

cat(sprintf("BGNBD_LL  %.15e\n", bgnbd_ll(0.8, 4.5, 0.7, 2.5, c(0.4, -0.3), c(0.6))))
cat(sprintf("BGNBD_LL0 %.15e\n", bgnbd_ll(0.8, 4.5, 0.7, 2.5, c(0, 0), c(0))))
cat(sprintf("PNBD_LL   %.15e\n", pnbd_ll(0.6, 5.0, 0.9, 12.0, c(0.4, -0.3), c(0.6))))
cat(sprintf("PNBD_LL0  %.15e\n", pnbd_ll(0.6, 5.0, 0.9, 12.0, c(0, 0), c(0))))
