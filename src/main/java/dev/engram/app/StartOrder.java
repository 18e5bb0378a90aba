package dev.engram.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orders services so that each comes after what it depends on; otherwise registration order. */
final class StartOrder {
    private final Map<String, Service> byName = new LinkedHashMap<>();
    private final Map<String, Integer> state = new HashMap<>(); // 1 visiting, 2 done
    private final List<Service> order = new ArrayList<>();

    private StartOrder(List<Service> services) {
        for (Service s : services) {
            byName.put(s.name(), s);
        }
    }

    /** The start order; throws {@link ServiceException} naming a missing dependency or the cycle. */
    static List<Service> of(List<Service> services) {
        StartOrder o = new StartOrder(services);
        for (Service s : services) {
            o.visit(s, new ArrayList<>());
        }
        return List.copyOf(o.order);
    }

    private void visit(Service s, List<String> path) {
        Integer st = state.get(s.name());
        if (st != null && st == 2) {
            return;
        }
        path.add(s.name());
        if (st != null) {
            throw new ServiceException("services depend on each other in a cycle: " + String.join(" -> ", path)
                    + "; remove one of these dependencies");
        }
        state.put(s.name(), 1);
        for (String dep : s.dependsOn()) {
            Service d = byName.get(dep);
            if (d == null) {
                throw new ServiceException("service '" + s.name() + "' depends on '" + dep + "', which is not added"
                        + " (services: " + byName.keySet() + "); add it to the lifecycle or drop the dependency");
            }
            visit(d, path);
        }
        path.removeLast();
        state.put(s.name(), 2);
        order.add(s);
    }
}
