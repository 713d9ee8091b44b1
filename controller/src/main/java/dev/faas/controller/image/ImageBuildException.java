package dev.faas.controller.image;

/** An image could not be built or delivered; the message names the target and the reason, for the build's error. */
public class ImageBuildException extends RuntimeException {
    public ImageBuildException(String message) {
        super(message);
    }

    public ImageBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
