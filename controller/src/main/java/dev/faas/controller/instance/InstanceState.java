package dev.faas.controller.instance;

/** Where an instance is in its life; only READY instances receive calls. */
public enum InstanceState {
    STARTING, READY, DRAINING, STOPPED, FAILED;

    /** Whether the instance is (or is about to be) serving its function's current version. */
    public boolean isLive() {
        return this == STARTING || this == READY;
    }

    /** Whether the instance has ended for good. */
    public boolean isEnded() {
        return this == STOPPED || this == FAILED;
    }
}
