package dev.faas.controller.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /system/info}: provider name, orchestration (the backend) and versions. */
@Controller("/system/info")
public class SystemInfoController {
    static final String RELEASE = "0.1.0";

    private final SystemInfo info;

    public SystemInfoController(@Value("${faas.backend:process}") String backend,
                                @Value("${faas.version.sha:dev}") String sha) {
        SystemInfo.Version version = new SystemInfo.Version(RELEASE, sha);
        this.info = new SystemInfo(new SystemInfo.Provider("faas", backend, version), version, architecture());
    }

    @Get
    public SystemInfo info() {
        return info;
    }

    /** OpenFaaS reports the kernel's name for the architecture (x86_64), the JVM says amd64. */
    private static String architecture() {
        String arch = System.getProperty("os.arch", "unknown");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
