package function;

import java.io.IOException;
import java.util.Optional;

/** Looks products up; the real one asks the products function, tests use a map. */
interface ProductCatalog {

    /** The product with {@code id}, or empty if there is none; IOException if the catalog cannot be asked. */
    Optional<Product> find(String id) throws IOException, InterruptedException;
}
