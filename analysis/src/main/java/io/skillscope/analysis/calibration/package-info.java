/**
 * Calibration of a classifier's confidences: expected calibration error with reliability-diagram bins
 * (METHODS.md §1: grafted models are better calibrated than fine-tuned ones, ECE 10 bins).
 *
 * <p>Start with {@link io.skillscope.analysis.calibration.Calibration#of(String, double[], boolean[])}.
 */
package io.skillscope.analysis.calibration;
