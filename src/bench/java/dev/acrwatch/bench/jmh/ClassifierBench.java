package dev.acrwatch.bench.jmh;

import dev.acrwatch.event.Classification;
import dev.acrwatch.event.Classifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Classification of one logged status, over the mix a busy registry logs (mostly 200, some failures, garbage). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClassifierBench {

    private static final String[] STATUS = {"200", "200", "200", "201", "401", "401", "403", "404", "429", "503",
            "ok?", " 200 "};
    private static final String[] IDENTITY = {"aks-pool", "", "sp-ci", ""};

    private final Classifier classifier = new Classifier();
    private int i;

    @Benchmark
    public Classification classify() {
        int k = i++;
        return classifier.classify(STATUS[k % STATUS.length], IDENTITY[k & 3]);
    }
}
