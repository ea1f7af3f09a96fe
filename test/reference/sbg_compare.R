# Reference values for sbg_compare in sql/sbg_compare.sql: the sBG likelihood written from
# Fader & Hardie (2007), "How to project customer retention", eq. 1-2 and 6 (P(T = t) =
# B(a + 1, b + t - 1) / B(a, b), S(t) = B(a, b + t) / B(a, b)), maximised with R's optim()
# (Nelder-Mead, then BFGS polished), independently of src/core/sbg.c and src/core/mle.c.
# Run: Rscript test/reference/sbg_compare.R
f <- function(x) formatC(x, digits = 17, format = "g")
ll_one <- function(lp, s) {
  a <- exp(lp[1]); b <- exp(lp[2]); T <- length(s) - 1; t <- 1:T
  lb <- lbeta(a, b)
  sum((s[t] - s[t + 1]) * (lbeta(a + 1, b + t - 1) - lb)) + s[T + 1] * (lbeta(a, b + T) - lb)
}
ll_many <- function(lp, cohorts) sum(sapply(cohorts, function(s) ll_one(lp, s)))
fit <- function(cohorts) {
  nll <- function(lp) -ll_many(lp, cohorts)
  o <- optim(c(0, 0), nll, method = "Nelder-Mead", control = list(reltol = 1e-14, maxit = 5000))
  o <- optim(o$par, nll, method = "BFGS", control = list(reltol = 1e-16, maxit = 1000))
  c(alpha = exp(o$par[1]), beta = exp(o$par[2]), ll = -o$value)
}
show <- function(name, groups) {
  cat("--", name, "\n")
  sep <- lapply(groups, fit)
  for (g in names(groups))
    cat(g, ": alpha", f(sep[[g]]["alpha"]), " beta", f(sep[[g]]["beta"]), " ll", f(sep[[g]]["ll"]), "\n")
  pooled <- fit(unlist(groups, recursive = FALSE))
  cat("pooled: alpha", f(pooled["alpha"]), " beta", f(pooled["beta"]), " ll", f(pooled["ll"]), "\n")
  lr <- 2 * (sum(sapply(sep, function(x) x["ll"])) - pooled["ll"])
  df <- 2 * (length(groups) - 1)
  cat("lr:", f(lr), " df:", df, " p:", f(pchisq(lr, df, lower.tail = FALSE)), "\n")
}

# Survivors of 1,000 customers per year, years 0-7 (the paper's calibration period, its Table 1);
# published fits: regular alpha 0.704, beta 1.182; high end alpha 0.668, beta 3.806.
regular  <- c(1000, 631, 468, 382, 326, 289, 262, 241)
high_end <- c(1000, 869, 743, 653, 593, 551, 517, 491)
show("Fader & Hardie: regular vs high end, years 0-7",
     list(`high end` = list(high_end), regular = list(regular)))
# Cohorts of different lengths: the high-end cohort seen for 4 years only; and a second regular
# cohort (same group, its own length) next to it.
show("ragged: regular 0-7 and 0-5, high end 0-4",
     list(`high end` = list(high_end[1:5]), regular = list(regular, regular[1:6])))
# Three groups (df 4): a third, made-up mid-tier cohort.
show("three groups",
     list(`high end` = list(high_end), mid = list(c(1000, 752, 601, 508, 447, 403)), regular = list(regular)))
