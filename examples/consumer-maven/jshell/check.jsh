// jshell --class-path <consumer jar and its dependencies> check.jsh
// A lambda typed at the prompt lives only in memory: mp4j writes its class where child JVMs find it.
import dev.mp4j.pool.Pool;
import com.example.orders.*;

var pool = Pool.create(2);
var orders = java.util.List.of(new Order(1, "ada", 1000), new Order(2, "grace", 2500));
var byLambda = pool.map(o -> new Invoice(o.id(), o.cents() * 120 / 100, ProcessHandle.current().pid()), orders);
var byReference = pool.map(Billing::invoice, orders);
pool.close();
if (!byLambda.stream().map(Invoice::totalCents).toList().equals(java.util.List.of(1200L, 3000L))
        || !byReference.stream().map(Invoice::totalCents).toList().equals(java.util.List.of(1200L, 3000L))) {
    throw new AssertionError(byLambda + " " + byReference);
}
var pids = new java.util.TreeSet<Long>(); byLambda.forEach(i -> pids.add(i.workerPid())); byReference.forEach(i -> pids.add(i.workerPid()));
System.out.println(Check.report("jshell-snippets", pids));
System.out.println(Check.report("jshell", Check.run()));
/exit
