package dev.faas.router.endpoints;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.faas.router.config.RouterSettings;
import dev.faas.router.error.RouterException;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The endpoints of recently called functions. Entries are refreshed in the background once older than the
 * refresh interval (callers keep getting the previous answer meanwhile) and dropped when unused for a while.
 */
@Singleton
public class EndpointCache {
    private final AsyncLoadingCache<FunctionRef, FunctionEndpoints> cache;
    private final Duration refresh;

    public EndpointCache(ControllerClient controller, RouterSettings settings) {
        this.refresh = settings.endpointRefresh();
        Duration idle = refresh.multipliedBy(60).compareTo(Duration.ofMinutes(1)) > 0
                ? refresh.multipliedBy(60) : Duration.ofMinutes(1);
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(refresh)
                .expireAfterAccess(idle)
                // An unknown function loads as null: not cached, and no failed-load warning from Caffeine.
                .buildAsync((ref, executor) -> controller.endpoints(ref)
                        .onErrorResume(RouterException.class, e -> e.status() == HttpStatus.NOT_FOUND
                                ? Mono.empty() : Mono.error(e))
                        .toFuture());
    }

    /** The function's endpoints, from the cache or fetched now; fails with 404 for an unknown function. */
    public Mono<FunctionEndpoints> get(FunctionRef ref) {
        return Mono.fromFuture(() -> cache.get(ref), true)
                .switchIfEmpty(Mono.error(() -> ControllerClient.notFound(ref)));
    }

    /**
     * The function's endpoints if they are known and fresh right now, else null. Nothing is fetched, not even a
     * refresh of an old entry: a caller on a cold start would build that request on its own thread, and the
     * activation it asks for next brings a fresh answer anyway. An entry older than the refresh interval may name an
     * instance stopped since, e.g. after a scale to zero while no call came, so it is not good enough for a caller
     * that cannot fall back to an activation.
     */
    public FunctionEndpoints peek(FunctionRef ref) {
        FunctionEndpoints known = lastKnown(ref);
        return known == null || isStale(ref) ? null : known;
    }

    /**
     * What is known of the function however old it is, else null; nothing is fetched (see {@link #peek}). Unlike
     * {@link #peek}, the instances it names may have stopped since.
     */
    public FunctionEndpoints lastKnown(FunctionRef ref) {
        return cache.synchronous().policy().getIfPresentQuietly(ref);
    }

    /** Fetches the function's endpoints again in the background; callers keep getting what is known meanwhile. */
    public void refresh(FunctionRef ref) {
        cache.synchronous().refresh(ref);
    }

    private boolean isStale(FunctionRef ref) {
        return cache.synchronous().policy().refreshAfterWrite()
                .flatMap(policy -> policy.ageOf(ref))
                .map(age -> age.compareTo(refresh) > 0)
                .orElse(false);
    }

    /** Replaces what is known, e.g. with the instances an activation just made ready. */
    public void put(FunctionRef ref, FunctionEndpoints endpoints) {
        cache.put(ref, CompletableFuture.completedFuture(endpoints));
    }

    /** Forgets the function's endpoints so that the next call asks the controller again. */
    public void invalidate(FunctionRef ref) {
        cache.synchronous().invalidate(ref);
    }
}
