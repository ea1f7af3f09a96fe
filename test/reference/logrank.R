# Reference values for sql/logrank.sql, computed by R's survival package (survdiff), an
# implementation independent of ours. Run: Rscript test/reference/logrank.R
# Prints, per test: groups, N, Observed, Expected, diag(Var), Chisq, df, p (17 digits), and the
# fixtures' rows as SQL (the data values of the survival package's data sets).
suppressMessages(library(survival))
f <- function(x) formatC(x, digits = 17, format = "g")
show <- function(name, sd) {
  cat("--", name, "\n")
  o <- sd$obs; e <- sd$exp
  if (is.matrix(o)) { o <- rowSums(o); e <- rowSums(e) }
  df <- sum(e > 0) - 1
  cat("groups:  ", names(sd$n), "\n")
  cat("n:       ", as.vector(sd$n), "\n")
  cat("observed:", o, "\n")
  cat("expected:", f(e), "\n")
  cat("variance:", f(diag(sd$var)), "\n")
  cat("chisq:   ", f(sd$chisq), " df:", df, " p:", f(pchisq(sd$chisq, df, lower.tail = FALSE)), "\n")
}

# Gehan (1965): 6-MP vs placebo (Freireich et al. 1963), as in sql/kaplan_meier.sql.
gehan <- data.frame(
  arm = c(rep("6-MP", 21), rep("placebo", 21)),
  weeks = c(6,6,6,7,10,13,16,22,23, 6,9,10,11,17,19,20,25,32,32,34,35,
            1,1,2,2,3,4,4,5,5,8,8,8,8,11,11,12,12,15,17,22,23),
  relapse = c(rep(1, 9), rep(0, 12), rep(1, 21)))
show("gehan", survdiff(Surv(weeks, relapse) ~ arm, data = gehan))

# Ovarian cancer trial (Edmonson et al. 1979): treatment, stratified by residual disease.
ov <- survival::ovarian
show("ovarian rx", survdiff(Surv(futime, fustat) ~ rx, data = ov))
show("ovarian rx + strata(resid.ds)", survdiff(Surv(futime, fustat) ~ rx + strata(resid.ds), data = ov))

# Veterans' lung cancer trial (Kalbfleisch & Prentice): four cell types (3 df), and stratified by
# treatment.
vet <- survival::veteran
show("veteran celltype", survdiff(Surv(time, status) ~ celltype, data = vet))
show("veteran celltype + strata(trt)", survdiff(Surv(time, status) ~ celltype + strata(trt), data = vet))

cat("-- fixtures\n")
cat("INSERT INTO ovarian (futime, fustat, rx, resid_ds) VALUES\n",
    paste0("(", ov$futime, ",", ov$fustat == 1, ",", ov$rx, ",", ov$resid.ds, ")", collapse = ","), ";\n", sep = "")
cat("INSERT INTO veteran (time, status, celltype, trt) VALUES\n",
    paste0("(", vet$time, ",", vet$status == 1, ",'", vet$celltype, "',", vet$trt, ")", collapse = ","), ";\n", sep = "")
