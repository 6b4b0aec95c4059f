package io.skillscope.cli;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --device} values: {@code cpu}, {@code gpu} (the first GPU), and a numbered GPU written
 * {@code gpu(N)}, {@code gpuN} or {@code cuda:N}. Anything else is a usage error (exit 2) that lists
 * these forms.
 */
final class DeviceConverter implements ITypeConverter<Device> {
    private static final Pattern GPU = Pattern.compile("(?:gpu\\((\\d+)\\)|gpu(\\d+)|cuda:(\\d+))");

    @Override
    public Device convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        if (v.equals("gpu") || v.equals("cuda")) {
            return Device.gpu();
        }
        Matcher m = GPU.matcher(v);
        if (m.matches()) {
            String n = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            try {
                return Device.gpu(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("GPU number " + n + " is too large");
            }
        }
        throw new TypeConversionException(
                "unknown device '" + value + "'; use cpu, gpu, gpu(N), gpuN or cuda:N (N counts from 0)");
    }
}
