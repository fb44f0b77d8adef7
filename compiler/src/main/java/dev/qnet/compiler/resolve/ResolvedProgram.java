package dev.qnet.compiler.resolve;

import dev.qnet.compiler.ast.Decl;
import dev.qnet.compiler.ir.CircuitIr;
import java.util.List;
import java.util.Map;

/**
 * The output of name resolution: every top-level name of the program (imports merged), the
 * constants' values, the checked circuits, and the main file's train sections.
 */
public record ResolvedProgram(Map<String, Decl> symbols, Map<String, Value> constants, Map<String, CircuitIr> circuits,
                              List<Decl.Network> networks, List<Decl.Dataset> datasets, List<Decl.Train> trains) {}
