package dev.faas.cli.stack;

import dev.faas.cli.CliException;

import java.util.regex.Pattern;

/** Checks function names and namespaces: DNS-1123 labels, as the controller requires. */
public final class Dns1123Label {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private Dns1123Label() {
    }

    /** Whether the value is a valid label. */
    public static boolean isValid(String value) {
        return value != null && value.length() <= 63 && LABEL.matcher(value).matches();
    }

    /** Fails with a message naming what was checked ("function name") when the value is not a valid label. */
    public static String require(String what, String value) {
        if (!isValid(value)) {
            throw new CliException("invalid " + what + " '" + value + "': use lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit, at most 63 characters (e.g. 'hello-world')");
        }
        return value;
    }
}
