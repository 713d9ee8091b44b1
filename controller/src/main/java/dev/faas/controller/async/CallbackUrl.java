package dev.faas.controller.async;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Checks an {@code X-Callback-Url} header before a call is accepted, so that a typo is a 400 and not a lost result. */
final class CallbackUrl {
    private CallbackUrl() {
    }

    /** Empty when {@code text} is a usable absolute http(s) URL, else the reason it is not. */
    static Optional<String> problem(String text) {
        String hint = "; give an absolute http:// or https:// URL such as http://127.0.0.1:9000/done";
        if (text.isBlank()) {
            return Optional.of("X-Callback-Url is empty" + hint);
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            return Optional.of("X-Callback-Url '" + text + "' is not a valid URL (" + e.getMessage() + ")" + hint);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                || uri.getScheme().equalsIgnoreCase("https"))) {
            return Optional.of("X-Callback-Url '" + text + "' must use http or https" + hint);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("X-Callback-Url '" + text + "' has no host" + hint);
        }
        return Optional.empty();
    }
}
