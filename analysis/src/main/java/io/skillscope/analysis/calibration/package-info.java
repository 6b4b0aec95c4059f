/**
 * Calibration of a classifier's confidences: expected calibration error with reliability-diagram bins
 * (docs/methods.md §1: grafted models are better calibrated than fine-tuned ones, ECE 10 bins).
 *
 * <p>Start with {@link io.skillscope.analysis.calibration.Calibration#of(String, double[], boolean[])};
 * {@link io.skillscope.analysis.calibration.Calibration#ece(double[], boolean[], int)} is the bare number
 * the localization results report.
 */
package io.skillscope.analysis.calibration;
