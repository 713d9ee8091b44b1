package dev.faas.cli;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Creates commands through their {@code (CliContext)} constructor, so they get the context injected. */
final class CommandFactory implements CommandLine.IFactory {

    private final CliContext context;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
            return constructor.newInstance(context);
        } catch (NoSuchMethodException noContextConstructor) {
            return fallback.create(type);
        }
    }
}
