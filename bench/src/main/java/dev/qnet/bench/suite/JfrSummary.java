package dev.qnet.bench.suite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples: the top frames (where the time is spent, Java code in
 * jdk.ExecutionSample, threads parked in native code such as libnd4j/oneDNN in
 * jdk.NativeMethodSample) and the innermost qnet frame of each sample (which qnet code is
 * responsible for it).
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static ObjectNode summarise(List<Path> recordings, int top) throws IOException {
        Map<String, Integer> javaTop = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        Map<String, Integer> qnetFrames = new HashMap<>();
        int javaSamples = 0;
        int nativeSamples = 0;
        List<RecordedEvent> events = new java.util.ArrayList<>();
        for (Path recording : recordings) {
            events.addAll(RecordingFile.readAllEvents(recording));
        }
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            boolean java = type.equals("jdk.ExecutionSample");
            if (!java && !type.equals("jdk.NativeMethodSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = st.getFrames();
            if (java) {
                javaSamples++;
                javaTop.merge(name(frames.get(0)), 1, Integer::sum);
            } else {
                nativeSamples++;
                nativeTop.merge(name(frames.get(0)), 1, Integer::sum);
            }
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (n.startsWith("dev.qnet.") && !n.startsWith("dev.qnet.bench.")) {
                    qnetFrames.merge((java ? "" : "[native wait] ") + n, 1, Integer::sum);
                    break;
                }
            }
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("execution_samples", javaSamples);
        o.put("native_method_samples", nativeSamples);
        o.set("top_java_frames", table(javaTop, javaSamples, top));
        o.set("top_native_frames", table(nativeTop, nativeSamples, top));
        o.set("innermost_qnet_frames", table(qnetFrames, javaSamples + nativeSamples, top));
        return o;
    }

    private static ArrayNode table(Map<String, Integer> counts, int total, int top) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> a.addObject().put("frame", en.getKey()).put("samples", en.getValue())
                        .put("percent", Math.round(1000.0 * en.getValue() / Math.max(1, total)) / 10.0));
        return a;
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
