# Reference outputs of R's surveillance package for the Waspada detectors.
#
# Run from this folder:  Rscript make_reference.R
# (Debian: apt-get install --no-install-recommends r-base-core r-cran-surveillance)
#
# Writes input.csv (series_id,week,count; an empty count is a missing week) and, for each case in
# cases.csv, an output file series_id,week,upperbound,alarm over the case's weeks. An empty
# upperbound / alarm "NA" is where the package gives NA (it cannot judge). CI does not need R:
# the tests read the committed CSV files only.

suppressPackageStartupMessages(library(surveillance))

set.seed(20260407)
n_weeks <- 520
t <- seq_len(n_weeks)
season <- sin(2 * pi * t / 52)

series <- list()
series[["nol"]] <- rep(0, n_weeks)
series[["konstan"]] <- rep(5, n_weeks)
series[["tren"]] <- rpois(n_weeks, 2 + 0.02 * t)
series[["musiman"]] <- rpois(n_weeks, exp(1.5 + 0.8 * season))
wabah <- rpois(n_weeks, exp(1.1 + 0.5 * season))
wabah[300:303] <- wabah[300:303] + c(6, 14, 11, 5)
wabah[450:452] <- wabah[450:452] + c(9, 17, 8)
wabah[505] <- wabah[505] + 12
series[["wabah"]] <- wabah
series[["jarang"]] <- rpois(n_weeks, 0.3)
jarang_wabah <- rpois(n_weeks, 0.2)
jarang_wabah[480:482] <- c(4, 7, 3)
jarang_wabah[515] <- 6
series[["jarang_wabah"]] <- jarang_wabah
celah <- rpois(n_weeks, exp(1.4 + 0.4 * season))
celah[c(100:103, 260, 390:391, 498)] <- NA
series[["celah"]] <- celah
series[["overdispersi"]] <- rnbinom(n_weeks, mu = exp(1.8 + 0.6 * season), size = 1.5)
series[["besar"]] <- rpois(n_weeks, exp(3.5 + 0.5 * season + 0.001 * t))
series[["nol_lalu_wabah"]] <- c(rep(0, 500), 0, 2, 3, 1, 4, rep(0, 5), 5, 6, 2, 0, 0, 1, 0, 0, 0, 0)
for (i in 1:4) {
  series[[paste0("poisson_", i)]] <- rpois(n_weeks, c(0.8, 1.5, 3, 6)[i])
}

observed <- do.call(cbind, series)
ids <- colnames(observed)

write_input <- function(path) {
  rows <- do.call(rbind, lapply(ids, function(id) {
    data.frame(series_id = id, week = t, count = observed[, id])
  }))
  rows$count <- ifelse(is.na(rows$count), "", format(rows$count, scientific = FALSE, trim = TRUE))
  write.csv(rows, path, row.names = FALSE, quote = FALSE)
}

write_output <- function(result, range, path) {
  ub <- result@upperbound
  al <- result@alarm
  rows <- do.call(rbind, lapply(seq_along(ids), function(j) {
    data.frame(
      series_id = ids[j],
      week = range,
      upperbound = ifelse(is.na(ub[, j]), "", sprintf("%.17g", ub[, j])),
      alarm = ifelse(is.na(al[, j]), "NA", ifelse(al[, j], "true", "false"))
    )
  }))
  write.csv(rows, path, row.names = FALSE, quote = FALSE)
}

new_sts <- function() sts(observed = observed, start = c(2000, 1), frequency = 52)

cases <- data.frame()
add_case <- function(file, method, range, params) {
  cases <<- rbind(cases, data.frame(
    file = file, method = method, range_start = min(range), range_end = max(range), params = params
  ))
}

# EARS C1, C2, C3 with the package defaults, and C3/C1 with other alpha and minSigma.
ears_range <- 12:n_weeks
ears_cases <- list(
  list("ears_c1.csv", "C1", list(), ""),
  list("ears_c2.csv", "C2", list(), ""),
  list("ears_c3.csv", "C3", list(), ""),
  list("ears_c1_alpha01_minsigma05.csv", "C1", list(alpha = 0.01, minSigma = 0.5), "--alpha 0.01 --min-sigma 0.5"),
  list("ears_c3_minsigma1.csv", "C3", list(minSigma = 1), "--min-sigma 1"),
  list("ears_c2_baseline5.csv", "C2", list(baseline = 5, alpha = 0.005), "--baseline 5 --alpha 0.005")
)
for (case in ears_cases) {
  control <- c(list(range = ears_range, method = case[[2]]), case[[3]])
  result <- earsC(new_sts(), control = control)
  write_output(result, ears_range, case[[1]])
  add_case(case[[1]], paste0("ears_", tolower(case[[2]])), ears_range, case[[4]])
}

# Farrington flexible with the improved settings of Noufaily et al. (2013).
noufaily <- function(b, w, range) {
  list(
    range = range, b = b, w = w, reweight = TRUE, weightsThreshold = 2.58, glmWarnings = FALSE,
    alpha = 0.05, trend = TRUE, pThresholdTrend = 0.05, limit54 = c(5, 4), powertrans = "2/3",
    fitFun = "algo.farrington.fitGLM.flexible", populationOffset = FALSE, noPeriods = 10,
    pastWeeksNotIncluded = 26, thresholdMethod = "nbPlugin"
  )
}
ff_range <- (52 * 4 + 3 + 1):n_weeks
result <- suppressWarnings(farringtonFlexible(new_sts(), control = noufaily(4, 3, ff_range)))
write_output(result, ff_range, "farrington_flexible.csv")
add_case("farrington_flexible.csv", "farrington_flexible", ff_range, "")

ff_range_b3 <- (52 * 3 + 2 + 1 + 150):n_weeks
result <- suppressWarnings(farringtonFlexible(new_sts(), control = noufaily(3, 2, ff_range_b3)))
write_output(result, ff_range_b3, "farrington_flexible_b3_w2.csv")
add_case("farrington_flexible_b3_w2.csv", "farrington_flexible", ff_range_b3, "--b 3 --w 2")

write_input("input.csv")
write.csv(cases, "cases.csv", row.names = FALSE, quote = FALSE)
cat("surveillance", as.character(packageVersion("surveillance")), "on", R.version.string, "\n")
