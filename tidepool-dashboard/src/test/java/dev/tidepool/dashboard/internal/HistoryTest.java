package dev.tidepool.dashboard.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HistoryTest {

    static Sample at(long t) {
        return new Sample(t, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void holdsTheLast900SamplesOldestFirstWhateverRunsLonger() {
        History h = new History();
        assertNull(h.latest());
        for (long t = 1; t <= History.CAPACITY * 3L + 7; t++) {
            h.add(at(t));
        }
        List<Sample> samples = h.samples();
        assertEquals(History.CAPACITY, samples.size());
        assertEquals(History.CAPACITY * 2L + 8, samples.get(0).timeMillis());
        assertEquals(History.CAPACITY * 3L + 7, samples.get(samples.size() - 1).timeMillis());
        assertEquals(at(History.CAPACITY * 3L + 7), h.latest());
    }

    @Test
    void beforeItFillsItHoldsWhatCame() {
        History h = new History();
        h.add(at(1));
        h.add(at(2));
        assertEquals(List.of(at(1), at(2)), h.samples());
    }

    @Test
    void theEventLogKeepsTheLast200NewestFirstEachCutTo500Characters() {
        EventLog log = new EventLog();
        for (int i = 0; i < EventLog.CAPACITY + 50; i++) {
            log.add(i, "k", "event " + i + "x".repeat(i == EventLog.CAPACITY + 49 ? 1000 : 0));
        }
        List<Event> events = log.newestFirst();
        assertEquals(EventLog.CAPACITY, events.size());
        assertEquals(EventLog.CAPACITY + 49, events.get(0).timeMillis());
        assertEquals(EventLog.MAX_TEXT, events.get(0).text().length());
        assertEquals("event 50", events.get(events.size() - 1).text());
    }
}
