package dev.faas.controller.pool;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** {@code GET /system/pool}: the prewarmed pool's state and memory. */
@Controller("/system/pool")
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
