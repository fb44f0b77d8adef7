package dev.qnet.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qnet.core.Keyword;
import dev.qnet.core.Setting;
import dev.qnet.grammar.QnetLexer;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/** The lexer's SettingName words (syntax) and core's Setting constants (meaning) are the same list. */
class SettingNamesTest {
    @Test
    void lexerAndVocabularyAgree() throws Exception {
        String lexer = Files.readString(TestPrograms.repo().resolve("grammar/src/main/antlr4/dev/qnet/grammar/QnetLexer.g4"));
        Matcher rule = Pattern.compile("(?m)^SettingName:(.*);").matcher(lexer);
        rule.find();
        Set<String> words = new TreeSet<>();
        Matcher word = Pattern.compile("'([a-z_]+)'").matcher(rule.group(1));
        while (word.find()) words.add(word.group(1));
        // 'noise' is also the keyword of noise declarations: its own token, accepted as a setting name by the parser.
        Set<String> all = new TreeSet<>(words);
        all.add("noise");
        assertEquals(new TreeSet<>(Keyword.keywords(Setting.values())), all);
        for (String w : words) {
            Token t = new QnetLexer(CharStreams.fromString(w)).nextToken();
            assertEquals(QnetLexer.SettingName, t.getType(), w);
        }
        assertEquals(QnetLexer.NOISE, new QnetLexer(CharStreams.fromString("noise")).nextToken().getType());
    }
}
