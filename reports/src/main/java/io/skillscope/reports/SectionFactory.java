package io.skillscope.reports;

/**
 * Turns one analysis result into a report {@link Section}.
 *
 * <p>Each result type has its own factory (see {@code io.skillscope.reports.sections}); adding a
 * result type means adding a factory, never changing {@link Report} or {@link Section}.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SectionFactory<T> {
    /** The section that presents {@code result}. */
    Section from(T result);
}
