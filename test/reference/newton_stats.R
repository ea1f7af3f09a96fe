# Reference values for test/unit/test_newton_stats.c: the log-likelihood of a few customers
# under BG/NBD (Fader, Hardie & Lee 2005, eq. 6) and Pareto/NBD (Fader & Hardie 2005 note,
# eq. 18-20, the integral form evaluated by integrate()), written from the papers in base R,
# with gradient and Hessian in theta = log(parameters) by Richardson-extrapolated central
# differences of the log-likelihood (no analytic derivative: independent of the C code).
# Run: Rscript test/reference/newton_stats.R

bgnbd_ll <- function(th, x, tx, T) {
  r <- exp(th[1]); al <- exp(th[2]); a <- exp(th[3]); b <- exp(th[4])
  s <- 0
  for (i in seq_along(x)) {
    A <- lgamma(r + x[i]) - lgamma(r) + r * log(al) + lbeta(a, b + x[i]) - lbeta(a, b)
    l1 <- -(r + x[i]) * log(al + T[i])
    if (x[i] > 0) {
      l2 <- log(a) - log(b + x[i] - 1) - (r + x[i]) * log(al + tx[i])
      m <- max(l1, l2); s <- s + A + m + log(exp(l1 - m) + exp(l2 - m))
    } else s <- s + A + l1
  }
  s
}

pnbd_ll <- function(th, x, tx, T) {
  r <- exp(th[1]); al <- exp(th[2]); s <- exp(th[3]); be <- exp(th[4])
  tot <- 0
  for (i in seq_along(x)) {
    # L = Gamma(r+x) al^r be^s / Gamma(r) * [ (al+T)^-(r+x) (be+T)^-s
    #     + s * int_tx^T (al+y)^-(r+x) (be+y)^-(s+1) dy ]
    la <- -(r + x[i]) * log(al + T[i]) - s * log(be + T[i])
    f <- function(y) exp(-(r + x[i]) * log(al + y) - (s + 1) * log(be + y) - la)
    I <- if (T[i] > tx[i]) integrate(f, tx[i], T[i], rel.tol = 1e-13, abs.tol = 0)$value else 0
    tot <- tot + lgamma(r + x[i]) - lgamma(r) + r * log(al) + s * log(be) + la + log(1 + s * I)
  }
  tot
}

# Richardson extrapolation of central differences (h, h/2): error O(h^4)
d1 <- function(f, th, k, h) {
  e <- replace(numeric(4), k, 1)
  c1 <- (f(th + h * e) - f(th - h * e)) / (2 * h)
  c2 <- (f(th + h / 2 * e) - f(th - h / 2 * e)) / h
  (4 * c2 - c1) / 3
}
grad <- function(f, th, h = 1e-3) sapply(1:4, function(k) d1(f, th, k, h))
hess <- function(f, th, h = 1e-3) {
  H <- matrix(0, 4, 4)
  for (k in 1:4) {
    e <- replace(numeric(4), k, 1)
    gk <- function(t) d1(f, t, k, h)
    for (j in 1:4) H[k, j] <- d1(gk, th, j, h)
  }
  (H + t(H)) / 2
}

x  <- c(0, 2, 5, 1, 12)
tx <- c(0, 30.43, 20.1, 3.5, 37.9)
T  <- c(38.86, 38.86, 31.2, 10.0, 38.0)
show <- function(name, f, th) {
  cat(sprintf("%s ll %.15g\n", name, f(th)))
  cat(sprintf("%s grad %s\n", name, paste(sprintf("%.12g", grad(f, th)), collapse = " ")))
  H <- hess(f, th)
  cat(sprintf("%s hess %s\n", name, paste(sprintf("%.10g", H[upper.tri(H, diag = TRUE)][order(row(H)[upper.tri(H, diag = TRUE)], col(H)[upper.tri(H, diag = TRUE)])]), collapse = " ")))
}
show("bgnbd", function(th) bgnbd_ll(th, x, tx, T), log(c(0.243, 4.414, 0.793, 2.426)))
show("pnbd", function(th) pnbd_ll(th, x, tx, T), log(c(0.553, 10.578, 0.606, 11.669)))
