package dev.qnet.core;

import java.util.EnumMap;
import java.util.Map;

/**
 * The values of every {@link Setting}, defaults filled in. Immutable: {@link #with} returns a
 * copy. Whole numbers are stored as {@code Long}; choices as their enum constant.
 */
public final class TrainSettings {
    private final Map<Setting, Object> values;

    private TrainSettings(Map<Setting, Object> values) {
        this.values = values;
    }

    /** Every setting at its default. */
    public static TrainSettings defaults() {
        Map<Setting, Object> m = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) m.put(s, s.defaultValue());
        return new TrainSettings(m);
    }

    /** A copy with {@code setting} set to {@code value}, which must be of the setting's type. */
    public TrainSettings with(Setting setting, Object value) {
        Object checked = setting.type().parse(setting.type().format(value)); // the same validation as text
        Map<Setting, Object> m = new EnumMap<>(values);
        m.put(setting, checked);
        return new TrainSettings(m);
    }

    public Object get(Setting setting) {
        return values.get(setting);
    }

    public long whole(Setting setting) {
        return (Long) values.get(setting);
    }

    public int integer(Setting setting) {
        return Math.toIntExact(whole(setting));
    }

    public <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
        return type.cast(values.get(setting));
    }

    /** The value as a .qnet file writes it. */
    public String format(Setting setting) {
        return setting.type().format(values.get(setting));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainSettings t && t.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
