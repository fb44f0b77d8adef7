package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Decl;
import java.util.List;
import java.util.Map;

/**
 * The output of name resolution: every top-level name of the program (imports merged), the
 * constants' values, the circuit declarations, the main file's train sections, and the bound
 * arguments of every call.
 */
public record ResolvedProgram(Map<String, Decl> symbols, Map<String, Value> constants, List<Decl.Circuit> circuits,
                              List<Decl.Network> networks, List<Decl.Dataset> datasets, List<Decl.Train> trains,
                              Bindings bindings) {}
