// The qnet lexer.
// Naming: fixed keywords and symbols are ALL_CAPS (IMPORT, LPAREN); value tokens are
// PascalCase (Identifier, IntegerLiteral). No lexer modes: the language has no ambiguity
// that needs them. Train-section setting names are keywords so that settings can follow
// each other without separators (`epochs 100 batch 128`, `metrics accuracy auc select val_auc`).
lexer grammar QnetLexer;

// declarations
IMPORT: 'import';
CONST: 'const';
DATASET: 'dataset';
BLOCK: 'block';
CIRCUIT: 'circuit';
NETWORK: 'network';
TRAIN: 'train';
EXPERIMENT: 'experiment';
ON: 'on';
NOISE: 'noise';
AFTER: 'after';

// network statements
INPUT: 'input';
REPEAT: 'repeat';
RESIDUAL: 'residual';
SHORTCUT: 'shortcut';
QUANTUM: 'quantum';
ENCODE: 'encode';
QCONV: 'qconv';
QPOOL: 'qpool';
MEASURE: 'measure';

// train settings
OPTIMIZER: 'optimizer';
SCHEDULE: 'schedule';
AUGMENT: 'augment';
METRICS: 'metrics';
EARLY_STOP: 'early_stop';
// The settings written `name value`: their types and defaults are core's Setting enum (a test
// checks that the two lists agree), so a new one is one word here and one constant there.
// The setting 'noise' is the NOISE keyword of noise declarations (the parser accepts both).
SettingName: 'epochs' | 'batch' | 'seed' | 'positive' | 'select' | 'class_weights' | 'loss' | 'warmup' | 'precision' | 'shots';

TRUE: 'true';
FALSE: 'false';

// symbols
LPAREN: '(';
RPAREN: ')';
LBRACE: '{';
RBRACE: '}';
LBRACKET: '[';
RBRACKET: ']';
COMMA: ',';
COLON: ':';
SEMI: ';';
ASSIGN: '=';
PLUS: '+';
MINUS: '-';
DOUBLE_ASTERISK: '**';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';

// values
// An angle in degrees (`10deg`); must precede the plain number rules only by being longer.
DegreeLiteral: Decimal 'deg';
FloatLiteral: Decimal? '.' Digits Exponent? | Digits '.' Digits? Exponent? | Digits Exponent;
IntegerLiteral: Digits;
StringLiteral: '"' (~["\\\r\n] | '\\' .)* '"';
Identifier: [a-zA-Z_] [a-zA-Z_0-9]*;

fragment Digits: [0-9] ('_'? [0-9])*;
fragment Decimal: Digits ('.' Digits?)? Exponent? | '.' Digits Exponent?;
fragment Exponent: [eE] [+-]? Digits;

LineComment: '//' ~[\r\n]* -> skip;
BlockComment: '/*' .*? '*/' -> skip;
Whitespace: [ \t\r\n\f]+ -> skip;

// Anything else is reported by the parser's error listener as an unexpected character.
ErrorCharacter: .;
