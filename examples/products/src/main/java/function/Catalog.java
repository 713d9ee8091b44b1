package function;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** The fixed product list this example serves. */
final class Catalog {

    private final List<Product> products = List.of(
            new Product("p1", "Coffee beans, 1 kg", new BigDecimal("18.50")),
            new Product("p2", "Ceramic mug", new BigDecimal("9.90")),
            new Product("p3", "Pour-over kettle", new BigDecimal("42.00")),
            new Product("p4", "Paper filters, 100", new BigDecimal("4.25")));

    List<Product> all() {
        return products;
    }

    Optional<Product> find(String id) {
        return products.stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
