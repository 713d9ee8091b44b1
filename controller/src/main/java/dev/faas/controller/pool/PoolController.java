package dev.faas.controller.pool;

import dev.faas.controller.backend.Backend;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /system/pool}: the prewarmed pool's state and memory. */
@Controller("/system/pool")
// Pools are of instances this controller starts itself; the cluster backends have none.
@Requires(bean = Backend.class)
public class PoolController {
    private final RuntimePool pool;

    public PoolController(RuntimePool pool) {
        this.pool = pool;
    }

    @Get
    public PoolStatus status() {
        return pool.status();
    }
}
