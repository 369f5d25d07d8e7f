/*
 * The CQL grammar (the dialect of ../../../../../grammar-docs/README.md).
 *
 * Precedence levels are separate rules, loosest first, each a flat repetition rather than a left-recursive
 * rule: the parse tree of a long chain such as 1+1+...+1 stays shallow (the AST builder folds it), so
 * parser recursion grows only with real nesting, which the Parser bounds before parsing.
 */
grammar Cql;

expression : orExpr EOF ;

orExpr  : andExpr (orOp andExpr)* ;
orOp    : OR | PIPEPIPE ;
andExpr : notExpr (andOp notExpr)* ;
andOp   : AND | AMPAMP ;

// NOT binds looser than comparison: `!x == "p"` is `!(x == "p")`.
notExpr : notOp notExpr   # not
        | comparison      # notPassthrough
        ;
notOp   : NOT | BANG ;

// Non-associative: at most one comparison operator per level.
comparison : additive (compOp additive)? ;
compOp     : EQEQ | NEQ | ASSIGN | LT | LE | GT | GE | IN ;

additive       : multiplicative (addOp multiplicative)* ;
addOp          : PLUS | MINUS ;
multiplicative : unary (mulOp unary)* ;
mulOp          : STAR | SLASH | PERCENT ;

unary : MINUS unary   # negate
      | postfix       # unaryPassthrough
      ;

postfix : primary postfixOp* ;
postfixOp
    : DOT memberName arguments?   # member
    | LBRACK expr RBRACK          # index
    ;

// After '.', keywords are plain names: Cortex's rules call dependencies.in() and dependencies.out().
memberName : name | AND | OR | NOT | IN | TRUE | FALSE | NULL ;

primary
    : literal                          # literalPrimary
    | name arguments?                  # namePrimary
    | LPAREN expr RPAREN               # parens
    | LBRACK (expr (COMMA expr)*)? COMMA? RBRACK   # listLiteral
    | LBRACE (expr (COMMA expr)*)? COMMA? RBRACE   # setLiteral
    ;

expr : orExpr ;

arguments : LPAREN (argument (COMMA argument)*)? COMMA? RPAREN ;

argument
    : lambdaParams ARROW expr                        # lambdaArg
    | name ASSIGN expr                               # namedArg
    | name LBRACK (expr (COMMA expr)*)? RBRACK       # shorthandArg
    | expr                                           # positionalArg
    ;

lambdaParams
    : name
    | LPAREN (name (COMMA name)*)? RPAREN
    ;

literal
    : NUMBER     # number
    | STRING     # string
    | TRUE       # true
    | FALSE      # false
    | NULL       # null
    ;

name : IDENT | QUOTED_IDENT ;

// ---- lexer ----

AND   : [aA][nN][dD] ;
OR    : [oO][rR] ;
NOT   : [nN][oO][tT] ;
IN    : [iI][nN] ;
TRUE  : [tT][rR][uU][eE] ;
FALSE : [fF][aA][lL][sS][eE] ;
NULL  : [nN][uU][lL][lL] ;

PIPEPIPE : '||' ;
AMPAMP   : '&&' ;
ARROW    : '=>' ;
EQEQ     : '==' ;
NEQ      : '!=' ;
LE       : '<=' ;
GE       : '>=' ;
ASSIGN   : '=' ;
LT       : '<' ;
GT       : '>' ;
BANG     : '!' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;
DOT      : '.' ;
COMMA    : ',' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACK   : '[' ;
RBRACK   : ']' ;
LBRACE   : '{' ;
RBRACE   : '}' ;

NUMBER : DIGITS ('.' DIGITS)? EXPONENT? ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;

STRING
    : '"' (ESC | ~["\\\r\n])* '"'
    | '\'' (ESC | ~['\\\r\n])* '\''
    ;
fragment ESC : '\\' (["'\\/nrtbf] | 'u' HEX HEX HEX HEX) ;
fragment HEX : [0-9a-fA-F] ;

IDENT        : [A-Za-z_] [A-Za-z0-9_]* ;
QUOTED_IDENT : '`' ~[`\r\n]+ '`' ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS            : [ \t\r\n\u000C]+ -> channel(HIDDEN) ;

// Anything else is one bad character; the parser reports it in words.
UNTERMINATED_STRING : '"' (ESC | ~["\\\r\n])* | '\'' (ESC | ~['\\\r\n])* ;
UNTERMINATED_COMMENT : '/*' ( ~[*] | '*'+ ~[*/] )* '*'* EOF ;
BAD_CHAR : . ;
