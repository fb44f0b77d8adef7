// The qnet parser: purely syntactic. Names, argument values, shapes and qubit rules are
// checked by the compiler's later phases, which give better messages than a grammar can.
// Rule names are camelCase concepts with suffixes (...Declaration, ...Statement, ...List).
// Trailing commas are allowed in every comma-separated list except qubit lists of gates
// (there a trailing comma would make `h a, x b` ambiguous).
parser grammar QnetParser;

options { tokenVocab = QnetLexer; }

program: declaration* EOF;

declaration
    : IMPORT path=StringLiteral SEMI?                                       # importDeclaration
    | CONST name=Identifier ASSIGN value=expression SEMI?                   # constDeclaration
    | DATASET name=Identifier ASSIGN source=Identifier
        LPAREN arguments=argumentList? RPAREN
        (LBRACE preprocessStatement* RBRACE)?                               # datasetDeclaration
    | BLOCK name=Identifier LPAREN params=parameterList? RPAREN
        LBRACE layerStatement* RBRACE                                       # blockDeclaration
    | CIRCUIT name=Identifier LPAREN qubits=identifierList
        (SEMI circuitParameter (COMMA circuitParameter)* COMMA?)? RPAREN
        LBRACE gateStatement* RBRACE                                        # circuitDeclaration
    | NETWORK name=Identifier (LPAREN params=parameterList? RPAREN)?
        LBRACE layerStatement* RBRACE                                       # networkDeclaration
    | kind=(TRAIN | EXPERIMENT) title=StringLiteral? network=Identifier
        (LPAREN arguments=argumentList? RPAREN)?
        ON dataset=Identifier LBRACE trainSetting* RBRACE                   # trainDeclaration
    | NOISE name=Identifier LBRACE noiseStatement* RBRACE                   # noiseDeclaration
    ;

// One rule of a noise model: `depolarizing(p: 0.01) after two_qubit_gates`, `phase_flip(p: 0.01)
// after cnot, cz`, `readout(p10: 0.02, p01: 0.02) on 0, 1`. Which form takes which clause is the
// checker's business. No trailing commas: the next rule may start with a name.
noiseStatement: invocation (AFTER targets+=Identifier (COMMA targets+=Identifier)*
    | ON qubits+=expression (COMMA qubits+=expression)*)? SEMI?;

parameterList: parameter (COMMA parameter)* COMMA?;
parameter: name=Identifier (ASSIGN defaultValue=expression)?;

circuitParameter: name=Identifier (LBRACKET size=expression RBRACKET)?;

identifierList: Identifier (COMMA Identifier)* COMMA?;

argumentList: argument (COMMA argument)* COMMA?;
// A network argument given outside the file (`qnetc run --arg width=32`, a sweep's grid value).
commandLineArgument: name=Identifier ASSIGN value=expression EOF;
argument: (name=argumentName COLON)? value=expression;
// Before ':' a keyword is unambiguous, so keywords may name arguments (`quanv(k: 2, circuit: f, seed: 1)`).
argumentName
    : Identifier | IMPORT | CONST | DATASET | BLOCK | CIRCUIT | NETWORK | TRAIN | EXPERIMENT | ON
    | INPUT | REPEAT | RESIDUAL | SHORTCUT | QUANTUM | ENCODE | QCONV | QPOOL | MEASURE
    | OPTIMIZER | SCHEDULE | AUGMENT | METRICS | EARLY_STOP | SettingName | NOISE | AFTER
    ;

expressionList: expression (COMMA expression)* COMMA?;

// A call-like form used for layers, preprocessing steps, optimizers, augmentations...
invocation: name=Identifier (LPAREN arguments=argumentList? RPAREN)?;

preprocessStatement: invocation SEMI?;

layerStatement
    : INPUT LBRACKET dims=expressionList RBRACKET SEMI?                     # inputStatement
    | REPEAT count=expression LBRACE layerStatement* RBRACE                 # repeatStatement
    | RESIDUAL LBRACE branch+=layerStatement* RBRACE
        (SHORTCUT LBRACE shortcut+=layerStatement* RBRACE)?                 # residualStatement
    | QUANTUM LPAREN arguments=argumentList? RPAREN
        LBRACE quantumStatement* RBRACE                                     # quantumStageStatement
    | invocation SEMI?                                                      # layerCallStatement
    ;

quantumStatement
    : ENCODE invocation SEMI?                                               # encodeStatement
    | QCONV invocation SEMI?                                                # qconvStatement
    | QPOOL invocation SEMI?                                                # qpoolStatement
    | MEASURE kind=Identifier SEMI?                                         # measureStatement
    | gateStatement                                                         # gateQuantumStatement
    ;

gateStatement: gate=Identifier (LPAREN angles=expressionList? RPAREN)?
    qubitRef (COMMA qubitRef)* SEMI?;

qubitRef: name=Identifier (LBRACKET index=expression RBRACKET)?;

// Settings with structure have their own rules; every other setting is `name value`
// (epochs 100, select val_auc), one rule for all of them.
trainSetting
    : OPTIMIZER invocation SEMI?                                            # optimizerSetting
    | SCHEDULE invocation SEMI?                                             # scheduleSetting
    | AUGMENT LBRACE invocation* RBRACE                                     # augmentSetting
    | METRICS metricName+ SEMI?                                             # metricsSetting
    | EARLY_STOP (LPAREN arguments=argumentList? RPAREN)? SEMI?             # earlyStopSetting
    | name=(SettingName | NOISE) value=expression SEMI?                     # valueSetting
    ;

// `precision` and `loss` are metrics and setting names: on the line of the word before them they
// continue the metric list (`metrics accuracy precision recall`), on a new line they start
// their setting (`precision bf16`).
metricName: Identifier | {_input.LT(1).getLine() == _input.LT(-1).getLine()}? SettingName;

// Precedence: the earlier alternative binds tighter.
expression
    : LPAREN expression RPAREN                                              # parenthesisExpression
    | target=Identifier LBRACKET index=expression RBRACKET                  # indexExpression
    | <assoc=right> left=expression op=DOUBLE_ASTERISK right=expression     # powerExpression
    | op=(MINUS | PLUS) operand=expression                                  # unaryExpression
    | left=expression op=(ASTERISK | SLASH | PERCENT) right=expression      # multiplicativeExpression
    | left=expression op=(PLUS | MINUS) right=expression                    # additiveExpression
    | IntegerLiteral                                                        # integerExpression
    | FloatLiteral                                                          # floatExpression
    | DegreeLiteral                                                         # degreeExpression
    | StringLiteral                                                         # stringExpression
    | (TRUE | FALSE)                                                        # booleanExpression
    | Identifier                                                            # identifierExpression
    ;
