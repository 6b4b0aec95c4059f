package io.skillscope.api;

import java.lang.reflect.Method;

/**
 * Sends HTML to the notebook when the code runs inside the rapaio Java kernel, found by reflection so
 * that skillscope never depends on the kernel: its JShell environment statically imports
 * {@code org.rapaio.jupyter.kernel.global.Global}, whose {@code display(String mime, Object value)}
 * publishes a {@code display_data} message with the value's {@code toString()} under that MIME type.
 */
final class Display {
    static final String KERNEL_GLOBAL = "org.rapaio.jupyter.kernel.global.Global";

    private static volatile Method display;
    private static volatile boolean looked;

    private Display() {}

    /** The kernel's {@code Global.display(String, Object)}, or null outside the kernel. */
    static Method kernelDisplay() {
        if (!looked) {
            synchronized (Display.class) {
                if (!looked) {
                    display = find();
                    looked = true;
                }
            }
        }
        return display;
    }

    private static Method find() {
        ClassLoader[] loaders = {
            Thread.currentThread().getContextClassLoader(),
            Display.class.getClassLoader(),
            ClassLoader.getSystemClassLoader()
        };
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                Class<?> global = Class.forName(KERNEL_GLOBAL, true, loader);
                Method m = global.getMethod("display", String.class, Object.class);
                // Global.display needs a running kernel (MainApp.kernel); a jar on the classpath is not enough.
                Class<?> main = Class.forName("org.rapaio.jupyter.kernel.MainApp", false, loader);
                Object kernel = main.getField("kernel").get(null);
                Object channels = kernel.getClass().getMethod("channels").invoke(kernel);
                return channels == null ? null : m;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // not in the kernel through this loader; try the next
            }
        }
        return null;
    }

    /** Whether output goes to a Jupyter notebook (the rapaio kernel is running). */
    static boolean inKernel() {
        return kernelDisplay() != null;
    }

    /** Publishes HTML in the notebook; returns false (and does nothing) outside the kernel. */
    static boolean html(String html) {
        Method m = kernelDisplay();
        if (m == null) {
            return false;
        }
        try {
            m.invoke(null, "text/html", html);
            return true;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Jupyter kernel refused to display HTML: " + e.getCause(), e);
        }
    }

    /**
     * Prints a line of text for the reader: {@link Skillscope#show} outside the kernel and the facade's
     * notices. The facade's one write to standard output, on purpose: it is where a notebook cell's (or a
     * JShell session's) text goes, and nothing else in the library prints there.
     */
    static void text(Object item) {
        System.out.println(item);
    }
}
