# Reference values for sql/holdout.sql, computed from the papers' formulas, independently of
# customer_rel (no code shared): the Gauss 2F1 is summed here as its plain power series.
#   BG/NBD      Fader, Hardie & Lee (2005) "Counting your customers the easy way": E[X(t)] eq. 7,
#               P(X(t) = x) eq. 8, E[Y(t) | x, t_x, T] eq. 10, P(alive) (FHL note 2008).
#   Pareto/NBD  Schmittlein, Morrison & Colombo (1987); Fader & Hardie's note "A note on
#               deriving the Pareto/NBD model and related expressions" (2005): E[X(t)],
#               P(alive) with A0 (both cases of alpha vs beta), E[Y(t) | x, t_x, T].
# Run: Rscript test/reference/holdout.R   (prints the values pasted into sql/holdout.sql)

h2f1 <- function(a, b, c, z) {
  # power series, |z| < 1; terms until they stop mattering
  s <- 1; term <- 1; j <- 0
  repeat {
    term <- term * (a + j) * (b + j) / ((c + j) * (j + 1)) * z
    s <- s + term; j <- j + 1
    if (abs(term) < 1e-17 * abs(s) || j > 200000) break
  }
  s
}

bg <- list(r = 0.243, alpha = 4.414, a = 0.793, b = 2.426)
pn <- list(r = 0.553, alpha = 10.578, s = 0.606, beta = 11.669)

bg_ex <- function(p, t) with(p, {
  if (t == 0) return(0)
  (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t))^r * h2f1(r, b, a + b - 1, t / (alpha + t)))
})
bg_palive <- function(p, x, tx, T) with(p, {
  if (x == 0) return(1)
  1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx))^(r + x))
})
bg_cond <- function(p, t, x, tx, T) with(p, {
  num <- (a + b + x - 1) / (a - 1) *
    (1 - ((alpha + T) / (alpha + T + t))^(r + x) * h2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
  den <- 1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + tx))^(r + x)
  num / den
})
bg_pmf <- function(p, t, x) with(p, {
  q <- t / (alpha + t)
  first <- exp(lbeta(a, b + x) - lbeta(a, b) + lgamma(r + x) - lgamma(r) - lgamma(x + 1)) *
    (alpha / (alpha + t))^r * q^x
  if (x == 0) return(first)
  j <- 0:(x - 1)
  inner <- sum(exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1)) * q^j)
  first + exp(lbeta(a + 1, b + x - 1) - lbeta(a, b)) * (1 - (alpha / (alpha + t))^r * inner)
})

pn_ex <- function(p, t) with(p, r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t))^(s - 1)))
pn_A0 <- function(p, x, tx, T) with(p, {
  if (alpha >= beta) {
    f <- function(u) h2f1(r + x + s, s + 1, r + x + s + 1, (alpha - beta) / (alpha + u)) / (alpha + u)^(r + x + s)
  } else {
    f <- function(u) h2f1(r + x + s, r + x, r + x + s + 1, (beta - alpha) / (beta + u)) / (beta + u)^(r + x + s)
  }
  f(tx) - f(T)
})
pn_palive <- function(p, x, tx, T) with(p, {
  1 / (1 + s / (r + x + s) * (alpha + T)^(r + x) * (beta + T)^s * pn_A0(p, x, tx, T))
})
pn_cond <- function(p, t, x, tx, T) with(p, {
  (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t))^(s - 1)) *
    pn_palive(p, x, tx, T)
})

fmt <- function(v) formatC(v, digits = 17, format = "g")

# 1. Tracking: a cohort with staggered first purchases (model units from the start):
#    starts and how many customers had each; cumulative expected repeat purchases by period.
starts <- c(0, 0.25, 1.5, 1.5, 3, 7.75)
counts <- c(10, 3, 2, 5, 1, 4)
cat("-- tracking (period, BG/NBD cumulative, Pareto/NBD cumulative), starts", starts, "counts", counts, "\n")
for (P in c(1, 2, 5, 8, 20)) {
  cbg <- sum(counts * sapply(starts, function(s) if (P > s) bg_ex(bg, P - s) else 0))
  cpn <- sum(counts * sapply(starts, function(s) if (P > s) pn_ex(pn, P - s) else 0))
  cat(sprintf("(%d, %s, %s),\n", P, fmt(cbg), fmt(cpn)))
}

# 2. Frequency-recency matrix at T = 38.86, horizon 39: (x, t_x, P(alive), E[Y])
cat("-- matrix BG/NBD (frequency, recency, p_alive, expected) T = 38.86, horizon 39\n")
for (cell in list(c(0, 0), c(1, 0), c(1, 30), c(5, 10), c(5, 38), c(20, 38))) {
  x <- cell[1]; tx <- cell[2]
  cat(sprintf("(%d, %d, %s, %s),\n", x, tx, fmt(bg_palive(bg, x, tx, 38.86)), fmt(bg_cond(bg, 39, x, tx, 38.86))))
}
cat("-- matrix Pareto/NBD (frequency, recency, p_alive, expected) T = 38.86, horizon 39\n")
for (cell in list(c(0, 0), c(1, 0), c(1, 30), c(5, 10), c(5, 38), c(20, 38))) {
  x <- cell[1]; tx <- cell[2]
  cat(sprintf("(%d, %d, %s, %s),\n", x, tx, fmt(pn_palive(pn, x, tx, 38.86)), fmt(pn_cond(pn, 39, x, tx, 38.86))))
}

# 3. Period transactions: expected customers with x repeat purchases among customers observed
#    for T = 27, 32.5, 38.86 (one each): sum of P(X(T_i) = x), BG/NBD eq. 8; x = 0..2 and 3+.
Ts <- c(27, 32.5, 38.86)
cat("-- period transactions BG/NBD, T =", Ts, "\n")
e <- sapply(0:2, function(x) sum(sapply(Ts, function(T) bg_pmf(bg, T, x))))
cat(sprintf("(%d, %s),\n", 0:2, fmt(e)), sep = "")
cat(sprintf("(3, %s)\n", fmt(length(Ts) - sum(e))))
