# Reference values for sql/key_drivers.sql and test/unit/test_key_drivers.c, computed
# independently of customer_rel: LMG by its definition with lm() (R² increments averaged over
# every ordering for swiss, over every subset with the Shapley weights for the larger set),
# Johnson's (2000) relative weights with R's eigen(), standardised betas with lm() on scaled data.
#
#   Rscript test/reference/key_drivers.R
#
# The output is pasted into the tests as expected values.
options(digits = 15)

r2_of <- function(d, y, vars) {
    if (length(vars) == 0) return(0)
    summary(lm(reformulate(vars, y), data = d))$r.squared
}

# LMG by definition: the mean over all p! orderings of the R² each variable adds when it enters.
lmg_orderings <- function(d, y, xs) {
    perms <- function(v) if (length(v) <= 1) list(v) else
        do.call(c, lapply(seq_along(v), function(i) lapply(perms(v[-i]), function(p) c(v[i], p))))
    cache <- new.env()
    r2 <- function(vars) {
        key <- paste0("k", paste(sort(vars), collapse = "+"))
        if (is.null(cache[[key]])) cache[[key]] <- r2_of(d, y, vars)
        cache[[key]]
    }
    out <- setNames(numeric(length(xs)), xs)
    ps <- perms(xs)
    for (o in ps) for (i in seq_along(o))
        out[o[i]] <- out[o[i]] + r2(o[seq_len(i)]) - r2(o[seq_len(i - 1)])
    out / length(ps)
}

# LMG over subsets: sum over S without j of |S|!(p-|S|-1)!/p! (R²(S+j) - R²(S)), every R² from lm().
lmg_subsets <- function(d, y, xs) {
    p <- length(xs)
    out <- setNames(numeric(p), xs)
    for (m in 0:(2^p - 1)) {
        s <- xs[bitwAnd(m, 2^(0:(p - 1))) > 0]
        base <- r2_of(d, y, s)
        for (j in setdiff(xs, s)) {
            w <- factorial(length(s)) * factorial(p - length(s) - 1) / factorial(p)
            out[j] <- out[j] + w * (r2_of(d, y, c(s, j)) - base)
        }
    }
    out
}

johnson <- function(d, y, xs) {
    r <- cor(d[, c(y, xs)])
    rxx <- r[xs, xs]; rxy <- r[xs, y]
    e <- eigen(rxx, symmetric = TRUE)
    lam <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
    bstar <- solve(lam, rxy)
    setNames(as.vector((lam^2) %*% (bstar^2)), xs)
}

std_beta <- function(d, y, xs) coef(lm(reformulate(xs, y), data = as.data.frame(scale(d[, c(y, xs)]))))[xs]

report <- function(title, d, y, xs, lmg) {
    cat("==", title, "\n")
    cat("n", nrow(d), " R2", format(r2_of(d, y, xs), digits = 15), "\n")
    tab <- data.frame(row.names = xs, lmg = lmg, lmg_share = lmg / sum(lmg), relative_weight = johnson(d, y, xs),
                      std_beta = std_beta(d, y, xs), correlation = cor(d[, xs, drop = FALSE], d[, y])[, 1],
                      mean = colMeans(d[, xs, drop = FALSE]))
    print(round(tab, 12))
    cat("sum lmg", format(sum(lmg), digits = 15), " sum relative weights",
        format(sum(tab$relative_weight), digits = 15), "\n\n")
}

# 1. The published example: swiss, Fertility on the five others (Grömping 2006, JSS 17(1)).
xs <- c("Agriculture", "Examination", "Education", "Catholic", "Infant.Mortality")
report("swiss (lmg over all 120 orderings)", swiss, "Fertility", xs, lmg_orderings(swiss, "Fertility", xs))

# 2. A survey-like set, 7 dimensions, integer answers made by arithmetic (no random numbers, so
#    the SQL test generates the same rows): i = 1..80.
i <- 1:80
x1 <- (i * 7 + 3) %% 11
x2 <- (i * 13 + x1) %% 9 + 1
x3 <- (i * i) %% 7 + x1 %% 4
x4 <- (3 * i + 5) %% 10
x5 <- (x2 + x4 + i %% 3) %% 8
x6 <- (i * 17) %% 5 + (x3 %/% 2)
x7 <- (i * 29 + 11) %% 13
y  <- 2 * x1 + x2 + 3 * x3 + x5 + (i * 31) %% 17
d <- data.frame(y, x1, x2, x3, x4, x5, x6, x7)
xs <- paste0("x", 1:7)
report("generated, 7 dimensions (lmg over all 128 subsets)", d, "y", xs, lmg_subsets(d, "y", xs))

# 3. One dimension: everything is r².
report("generated, x1 only", d, "y", "x1", lmg_subsets(d, "y", "x1"))
