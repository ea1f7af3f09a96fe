# Reference values for the diagnostics and prediction intervals (sql/btyd_diagnostics.sql,
# test/unit/test_btyd_diagnostics.c), computed independently of customer_rel's code:
#   - each model's likelihood written from its paper on the natural parameter scale, fitted with
#     optim() and polished by Newton steps, and the covariance as the inverse of a numerical
#     Hessian of -LL (central differences of the function itself with Richardson extrapolation,
#     error O(h^4); R's optimHess() is printed next to it as a cross-check);
#   - BG/NBD's conditional P(X(T, T+t] = n | x, t_x, T) from the integral over the individual
#     model (Fader, Hardie & Lee 2005 note "Computing P(alive) / conditional probability of n
#     purchases": alive-part terms with the explicit Poisson sum), and its expectation compared
#     with FHL 2005 eq. 10 (2F1 by its series);
#   - BG/NBD's DERT as the double integral over (lambda, p) of lambda / (lambda p + delta) times
#     the posterior, by nested integrate().
# Data: CDNOW (/work/shared/data), time unit weeks. Run: Rscript test/reference/btyd_diagnostics.R
datadir <- Sys.getenv("CUSTOMER_REL_DATA", "/work/shared/data")
cd <- read.csv(file.path(datadir, "cdnow_customers_summary.csv"))
x <- cd$frequency; tx <- cd$recency; TT <- cd$T
sp <- read.csv(file.path(datadir, "cdnow_customers_summary_with_transactions.csv"))
sp <- sp[sp$x > 0, ]

# Hessian of f at p by central differences with Richardson extrapolation (steps h and h/2)
hess_rich <- function(f, p, rel = 1e-3) {
  k <- length(p); H <- matrix(0, k, k)
  for (i in 1:k) for (j in i:k) {
    if (i == j) {
      g <- function(h) { q1 <- p; q1[i] <- p[i] + h; q2 <- p; q2[i] <- p[i] - h
                         (f(q1) - 2 * f(p) + f(q2)) / h^2 }
    } else {
      g <- function(h) { s <- h / p[i] * p[j]
        e <- function(a, b) { q <- p; q[i] <- q[i] + a * h; q[j] <- q[j] + b * s; f(q) }
        (e(1, 1) - e(1, -1) - e(-1, 1) + e(-1, -1)) / (4 * h * s) }
    }
    h <- rel * abs(p[i])
    H[i, j] <- H[j, i] <- (4 * g(h / 2) - g(h)) / 3
  }
  H
}

fit_and_cov <- function(name, nll, start) {
  o <- optim(log(start), function(lp) nll(exp(lp)), method = "BFGS",
             control = list(reltol = 1e-15, maxit = 2000))
  p <- exp(o$par)
  # Newton polish on the natural scale (numerical gradient and Hessian)
  for (it in 1:3) {
    H <- hess_rich(nll, p)
    g <- sapply(seq_along(p), function(i) { h <- 1e-6 * p[i]; q1 <- p; q1[i] <- p[i] + h
      q2 <- p; q2[i] <- p[i] - h; (nll(q1) - nll(q2)) / (2 * h) })
    p <- p - solve(H, g)
  }
  H <- hess_rich(nll, p)
  V <- solve(H)
  Vo <- solve(optimHess(p, nll, control = list(ndeps = 1e-4 * p)))
  cat(sprintf("%s estimates %s\n", name, paste(sprintf("%.10g", p), collapse = " ")))
  cat(sprintf("%s loglik %.10f\n", name, -nll(p)))
  for (i in seq_along(p)) cat(sprintf("%s cov[%d,] %s\n", name, i,
                                      paste(sprintf("%.10g", V[i, ]), collapse = " ")))
  cat(sprintf("%s max rel. diff. to optimHess %.2g\n", name, max(abs(Vo - V) / abs(V))))
  invisible(list(p = p, V = V))
}

# BG/NBD (FHL 2005 eq. 6) and MBG/NBD (Batislam et al. 2007 eq. 3)
bg_nll <- function(s) function(q) {
  r <- q[1]; al <- q[2]; a <- q[3]; b <- q[4]
  A <- lgamma(r + x) - lgamma(r) + r * log(al)
  l1 <- lbeta(a, b + x + s) - lbeta(a, b) - (r + x) * log(al + TT)
  l2 <- ifelse(x + s > 0, lbeta(a + 1, b + x + s - 1) - lbeta(a, b) - (r + x) * log(al + tx), -Inf)
  m <- pmax(l1, l2)
  -sum(A + m + log(exp(l1 - m) + exp(l2 - m)))
}
bg <- fit_and_cov("BGNBD", bg_nll(0), c(0.24, 4.4, 0.79, 2.4))
fit_and_cov("MBGNBD", bg_nll(1), c(0.52, 6.2, 0.89, 1.6))

# Gamma-Gamma (Fader, Hardie & Lee 2005 JMR; Hardie 2013 note eq. 3): per repeat customer
gg_nll <- function(q) {
  p <- q[1]; qq <- q[2]; v <- q[3]; xx <- sp$x; m <- sp$zbar
  -sum(lgamma(p * xx + qq) - lgamma(p * xx) - lgamma(qq) + qq * log(v) + (p * xx - 1) * log(m) +
         p * xx * log(xx) - (p * xx + qq) * log(xx * m + v))
}
fit_and_cov("GG", gg_nll, c(6.25, 3.74, 15.44))

# sBG (Fader & Hardie 2007 eq. 2-3): survivors of the "regular" cohort
S <- c(1000, 869, 743, 653, 593, 551, 517, 491)
sbg_nll <- function(q) {
  a <- q[1]; b <- q[2]; t <- seq_along(S[-1])
  lP <- lbeta(a + 1, b + t - 1) - lbeta(a, b)
  -(sum(-diff(S) * lP) + S[length(S)] * (lbeta(a, b + length(S) - 1) - lbeta(a, b)))
}
fit_and_cov("SBG", sbg_nll, c(0.67, 3.8))

# BG/BB (Fader, Hardie & Shang 2010 eq. 5) on the donations data: 6 opportunities, weighted patterns
dn <- read.csv(file.path(datadir, "donations.csv"))
names(dn) <- c("x", "tx", "n", "w")
bgbb_nll <- function(q) {
  al <- q[1]; be <- q[2]; ga <- q[3]; de <- q[4]
  ll <- sapply(seq_len(nrow(dn)), function(k) {
    x <- dn$x[k]; tx <- dn$tx[k]; n <- dn$n[k]
    i <- if (n - tx - 1 >= 0) 0:(n - tx - 1) else integer(0)
    terms <- c(lbeta(al + x, be + n - x) - lbeta(al, be) + lbeta(ga, de + n) - lbeta(ga, de),
               lbeta(al + x, be + tx - x + i) - lbeta(al, be) +
                 lbeta(ga + 1, de + tx + i) - lbeta(ga, de))
    m <- max(terms); m + log(sum(exp(terms - m)))
  })
  -sum(dn$w * ll)
}
fit_and_cov("BGBB", bgbb_nll, c(1.2, 0.75, 0.66, 2.8))

# Pareto/NBD (Fader & Hardie 2005 note, eq. 18, the integral by integrate())
pn_nll <- function(q) {
  r <- q[1]; al <- q[2]; s <- q[3]; be <- q[4]
  D <- mapply(function(a0, b0) integrate(function(tau) (al + tau)^-(r + a0) * (be + tau)^-(s + 1),
                                          b0[1], b0[2], rel.tol = 1e-12, abs.tol = 0)$value,
              x, lapply(seq_along(x), function(i) c(tx[i], TT[i])))
  -sum(lgamma(r + x) - lgamma(r) + r * log(al) + s * log(be) +
         log((al + TT)^-(r + x) * (be + TT)^-s + s * D))
}
if (Sys.getenv("SKIP_PARETO") == "") fit_and_cov("PNBD", pn_nll, c(0.553, 10.58, 0.606, 11.67))

# BG/NBD conditional P(X(T, T+t] = n | x, t_x, T) at fixed parameters, from the integral form:
#   P(n) = [n = 0] (1 - P(alive)) + (1/L) * { B(a, b+x+n)/B(a,b) G(r+x+n)/(G(r) n!) al^r t^n
#          / (al+T+t)^(r+x+n) + [n > 0] B(a+1, b+x+n-1)/B(a,b) [G(r+x) al^r/(G(r)(al+T)^(r+x))
#          - sum_{j<n} G(r+x+j) al^r t^j / (G(r) j! (al+T+t)^(r+x+j))] }
pr <- c(r = 0.243, alpha = 4.414, a = 0.793, b = 2.426)
cond_p <- function(n, hz, x, tx, T, q = pr) {
  r <- q[[1]]; al <- q[[2]]; a <- q[[3]]; b <- q[[4]]
  L <- exp(lgamma(r + x) - lgamma(r) + r * log(al)) *
    (beta(a, b + x) / beta(a, b) / (al + T)^(r + x) +
       (x > 0) * beta(a + 1, b + x - 1) / beta(a, b) / (al + tx)^(r + x))
  palive <- exp(lgamma(r + x) - lgamma(r) + r * log(al)) * beta(a, b + x) / beta(a, b) /
    (al + T)^(r + x) / L
  t1 <- beta(a, b + x + n) / beta(a, b) * exp(lgamma(r + x + n) - lgamma(r) - lgamma(n + 1) +
    r * log(al) + n * log(hz) - (r + x + n) * log(al + T + hz))
  t2 <- 0
  if (n > 0) {
    j <- 0:(n - 1)
    t2 <- beta(a + 1, b + x + n - 1) / beta(a, b) *
      (exp(lgamma(r + x) - lgamma(r) + r * log(al) - (r + x) * log(al + T)) -
         sum(exp(lgamma(r + x + j) - lgamma(r) - lgamma(j + 1) + r * log(al) + j * log(hz) -
                 (r + x + j) * log(al + T + hz))))
  }
  (n == 0) * (1 - palive) + (t1 + t2) / L
}
h2f1 <- function(a, b, c, z) { s <- 1; term <- 1; k <- 0
  while (abs(term) > 1e-17 * abs(s)) { term <- term * (a + k) * (b + k) / ((c + k) * (k + 1)) * z
    s <- s + term; k <- k + 1 }; s }
cond_e <- function(hz, x, tx, T, q = pr) {  # FHL 2005 eq. 10
  r <- q[[1]]; al <- q[[2]]; a <- q[[3]]; b <- q[[4]]
  z <- hz / (al + T + hz)
  (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + hz))^(r + x) * h2f1(r + x, b + x, a + b + x - 1, z)) /
    (1 + (x > 0) * a / (b + x - 1) * ((al + T) / (al + tx))^(r + x))
}
custs <- list(c(2, 30.43, 38.86), c(0, 0, 38.86), c(7, 35.0, 38.0), c(1, 2.0, 30.0))
for (cu in custs) {
  p <- sapply(0:8, cond_p, hz = 39, x = cu[1], tx = cu[2], T = cu[3])
  cat(sprintf("CONDP x=%g tx=%g T=%g t=39 n=0..8 %s\n", cu[1], cu[2], cu[3],
              paste(sprintf("%.12g", p), collapse = " ")))
  e_sum <- sum((0:400) * sapply(0:400, cond_p, hz = 39, x = cu[1], tx = cu[2], T = cu[3]))
  cat(sprintf("CONDE x=%g sum n P(n) %.12g  eq.10 %.12g\n", cu[1], e_sum,
              cond_e(39, cu[1], cu[2], cu[3])))
}

# BG/NBD DERT: (1/L) int int (1-p)^x lambda^x e^(-lambda T) lambda/(lambda p + delta) g(lambda) g(p)
dert <- function(x, tx, T, d, q = pr) {
  r <- q[[1]]; al <- q[[2]]; a <- q[[3]]; b <- q[[4]]; delta <- log(1 + d)
  L <- exp(lgamma(r + x) - lgamma(r) + r * log(al)) *
    (beta(a, b + x) / beta(a, b) / (al + T)^(r + x) +
       (x > 0) * beta(a + 1, b + x - 1) / beta(a, b) / (al + tx)^(r + x))
  inner <- function(lam) sapply(lam, function(l)
    integrate(function(p) p^(a - 1) * (1 - p)^(b + x - 1) / beta(a, b) * l / (l * p + delta),
              0, 1, rel.tol = 1e-12)$value)
  outer <- integrate(function(lam) inner(lam) * lam^x * exp(-lam * T) *
                       dgamma(lam, shape = r, rate = al), 0, Inf, rel.tol = 1e-11)$value
  outer / L
}
for (cu in custs) for (d in c(0.01, 0.0015))
  cat(sprintf("DERT x=%g tx=%g T=%g discount=%g %.12g\n", cu[1], cu[2], cu[3], d,
              dert(cu[1], cu[2], cu[3], d)))
