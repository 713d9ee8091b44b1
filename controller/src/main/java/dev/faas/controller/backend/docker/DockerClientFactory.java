package dev.faas.controller.backend.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Duration;

/** The Docker client over the engine's socket, with the zerodep transport (the only one at hand). */
@Factory
@Requires(property = "faas.backend", value = "docker")
public class DockerClientFactory {

    /** No response timeout: event and log streams stay open as long as they are wanted. */
    @Singleton
    @Bean(preDestroy = "close")
    DockerClient dockerClient(DockerSettings settings) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host())
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(2))
                .maxConnections(50)
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
