; x87 and scalar SSE edge cases: constants and arithmetic under every rounding
; and precision control, special operands (zeros, denormals, infinities, NaNs),
; stack faults, integer/BCD conversions, compares, classification, partial
; remainders, transcendental instructions, and SSE conversion/NaN/MXCSR rules.
; Each line prints raw result bits and the relevant status bits.

%include "lib.inc"

global _start

section .rodata
align 16
c_one:   dt 1.0
c_three: dt 3.0
c_seven: dt 7.0
c_m2_5:  dt -2.5
c_2_5:   dt 2.5
c_3_5:   dt 3.5
c_half:  dt 0.5
c_m075:  dt -0.75
c_1_5:   dt 1.5
c_big:   dt 1.0e4000
c_tiny:  dt 1.0e-4000
c_e40:   dt 40000.0
c_1e19:  dt 1.0e19
c_bcd:   dt 123456789.0
c_2p64:  dt 18446744073709551616.0
c_m20k:  dt -20000.0
c_inf:   dq 0x8000000000000000
         dw 0x7fff
c_qnan:  dq 0xc000000000000001
         dw 0x7fff
c_snan:  dq 0xa000000000000000
         dw 0x7fff
c_denorm: dq 0x0000000012345678
          dw 0x0000
c_zero:  dt 0.0
c_nzero: dq 0
         dw 0x8000
c_unnorm: dq 0x4000000000000000
          dw 0x4000
d_denorm: dq 0x000000000000abcd
d_one:    dq 1.0
d_three:  dq 3.0
d_m1:     dq -1.0
d_zero:   dq 0.0
d_nzero:  dq -0.0
d_qnan:   dq 0x7ff8000000000123
d_qnan2:  dq 0xfff8000000000456
d_snan:   dq 0x7ff0000000000789
d_inf:    dq 0x7ff0000000000000
d_big:    dq 1.0e300
d_1e19:   dq 1.0e19
d_m1e19:  dq -1.0e19
d_2_5:    dq 2.5
d_m2_5:   dq -2.5
d_3e9:    dq 3.0e9
d_minn:   dq 0x0010000000000000
f_snan:   dd 0x7f800001
q_max:    dq 0x7fffffffffffffff
q_m1:     dq -1
i_mixed:  dq 0x0000000000000003

section .bss
align 16
tmp:     resb 128
cwtmp:   resw 1
swsave:  resw 1
mxtmp:   resd 1

section .text

; setcw: ax = x87 control word.
setcw:
        mov [rel cwtmp], ax
        fldcw [rel cwtmp]
        ret

; fresh: empty x87 stack and clear exceptions, keeping the control word.
fresh:
        fnstcw [rel cwtmp]
        fninit
        fldcw [rel cwtmp]
        ret

; reset: empty x87 stack, default control word, clear exceptions.
reset:
        fninit
        ret

; print80: print the 80-bit value at [tmp] as exponent word and mantissa.
print80:
        push rax
        push rcx
        movzx eax, word [rel tmp + 8]
        mov ecx, 4
        call print_hex
        mov rax, [rel tmp]
        call print_hex64
        pop rcx
        pop rax
        ret

; show: print ST0 (popped) and status bits: exceptions, SF and C1.
show:
        fnstsw [rel swsave]
        fstp tword [rel tmp]
        call print80
        movzx eax, word [rel swsave]
        and eax, 0x027f
        mov ecx, 4
        call print_hex
        call newline
        ret

; showcc: print the status word's condition codes, exceptions and SF.
showcc:
        fnstsw [rel swsave]
        movzx eax, word [rel swsave]
        and eax, 0x477f
        mov ecx, 4
        call print_hex
        call newline
        ret

; mxreset: MXCSR = eax.
mxreset:
        mov [rel mxtmp], eax
        ldmxcsr [rel mxtmp]
        ret

; showx: print xmm0's low quadword and MXCSR.
showx:
        movq rax, xmm0
        call print_hex64
        stmxcsr [rel mxtmp]
        mov eax, [rel mxtmp]
        mov ecx, 4
        call print_hex
        call newline
        ret

; showi: print rax and MXCSR.
showi:
        call print_hex64
        stmxcsr [rel mxtmp]
        mov eax, [rel mxtmp]
        mov ecx, 4
        call print_hex
        call newline
        ret

; showf: print EFLAGS arithmetic bits (pushed in r15) and MXCSR.
showf:
        mov rax, r15
        and eax, 0x8d5
        mov ecx, 3
        call print_hex
        stmxcsr [rel mxtmp]
        mov eax, [rel mxtmp]
        mov ecx, 4
        call print_hex
        call newline
        ret

; BIN name, a, b, op: binary x87 operation with ST0 = a, ST1 = b under the current CW.
%macro BIN 4-6
        PRINT %1
        PRINT ": "
        call fresh
        fld tword [rel %3]
        fld tword [rel %2]
        %4
%if %0 >= 5
        %5
%endif
%if %0 >= 6
        %6
%endif
        call show
%endmacro

; UN name, a, op: unary x87 operation on ST0 = a.
%macro UN 3-4
        PRINT %1
        PRINT ": "
        call fresh
        fld tword [rel %2]
        %3
%if %0 >= 4
        %4
%endif
        call show
%endmacro

; DIVS label, cw: 1/3 and 2/3 and pi-related results under a control word.
%macro UNDERCW 2
        call reset
        mov ax, %2
        call setcw
        PRINT %1
        call newline
        BIN "  1/3", c_one, c_three, {fdiv st0, st1}
        BIN "  -2.5/3", c_m2_5, c_three, {fdiv st0, st1}
        BIN "  7*1.5e4000", c_seven, c_big, {fmul st0, st1}
        BIN "  1e-4000^2", c_tiny, c_tiny, {fmul st0, st1}
        BIN "  1+tiny", c_one, c_tiny, {fadd st0, st1}
        BIN "  1-tiny", c_one, c_tiny, {fsub st0, st1}
        UN "  sqrt3", c_three, fsqrt
        UN "  rnd2.5", c_2_5, frndint
        UN "  rnd-2.5", c_m2_5, frndint
        UN "  rnd3.5", c_3_5, frndint
        PRINT "  pi: "
        fldpi
        call show
        PRINT "  l2e: "
        fldl2e
        call show
        PRINT "  l2t: "
        fldl2t
        call show
        PRINT "  lg2: "
        fldlg2
        call show
        PRINT "  ln2: "
        fldln2
        call show
        PRINT "  fist 2.5/-2.5/3.5: "
        fld tword [rel c_2_5]
        fistp dword [rel tmp + 64]
        fld tword [rel c_m2_5]
        fistp dword [rel tmp + 68]
        fld tword [rel c_3_5]
        fistp qword [rel tmp + 72]
        mov eax, [rel tmp + 64]
        mov ecx, 8
        call print_hex
        mov eax, [rel tmp + 68]
        call print_hex
        mov rax, [rel tmp + 72]
        call print_hex64
        call newline
        PRINT "  fst double/float 1/3: "
        fld tword [rel c_one]
        fld tword [rel c_three]
        fdivp st1, st0
        fst qword [rel tmp + 64]
        fstp dword [rel tmp + 72]
        mov rax, [rel tmp + 64]
        call print_hex64
        mov eax, [rel tmp + 72]
        mov ecx, 8
        call print_hex
        call newline
%endmacro

_start:
        UNDERCW "rc=nearest pc=64", 0x037f
        UNDERCW "rc=down pc=64", 0x077f
        UNDERCW "rc=up pc=64", 0x0b7f
        UNDERCW "rc=zero pc=64", 0x0f7f
        UNDERCW "rc=nearest pc=53", 0x027f
        UNDERCW "rc=nearest pc=24", 0x007f
        UNDERCW "rc=up pc=24", 0x087f

        call reset
        PRINT "specials"
        call newline
        BIN "  1/0", c_one, c_zero, {fdiv st0, st1}
        BIN "  -1/-0", c_m2_5, c_nzero, {fdiv st0, st1}
        BIN "  0/0", c_zero, c_zero, {fdiv st0, st1}
        BIN "  inf-inf", c_inf, c_inf, {fsub st0, st1}
        BIN "  inf*0", c_inf, c_zero, {fmul st0, st1}
        BIN "  snan+1", c_snan, c_one, {fadd st0, st1}
        BIN "  1+snan", c_one, c_snan, {fadd st0, st1}
        BIN "  qnan+snan", c_qnan, c_snan, {fadd st0, st1}
        BIN "  qnan+1", c_qnan, c_one, {fadd st0, st1}
        BIN "  denorm+0", c_denorm, c_zero, {fadd st0, st1}
        BIN "  denorm*2^64", c_denorm, c_2p64, {fmul st0, st1}
        BIN "  unnormal+1", c_unnorm, c_one, {fadd st0, st1}
        BIN "  -0+0", c_nzero, c_zero, {fadd st0, st1}
        BIN "  -0-0", c_nzero, c_zero, {fsub st0, st1}
        BIN "  fsubr", c_one, c_seven, {fsubr st0, st1}
        BIN "  fdivr", c_one, c_seven, {fdivr st0, st1}
        BIN "  fscale 1.5,40000", c_1_5, c_e40, fscale
        BIN "  fscale 1.5,-20000", c_1_5, c_m20k, fscale
        BIN "  fscale 7,-2.5", c_seven, c_m2_5, fscale
        UN "  sqrt(-1)", c_m075, fsqrt
        UN "  sqrt(-0)", c_nzero, fsqrt
        UN "  abs", c_m2_5, fabs
        UN "  chs", c_2_5, fchs
        UN "  rnd denorm", c_denorm, frndint
        PRINT "  fxtract -2.5: "
        fnclex
        fld tword [rel c_m2_5]
        fxtract
        call show
        call show
        PRINT "  fxtract 0: "
        fnclex
        fld tword [rel c_zero]
        fxtract
        call show
        call show

        PRINT "remainders"
        call newline
%macro REM 4-5
        PRINT %1
        PRINT ": "
        call fresh
        fld tword [rel %3]
        fld tword [rel %2]
        %4
%if %0 >= 5
        %5
%endif
        call showcc
        call show
%endmacro
        REM "  fprem 7,2.5", c_seven, c_2_5, fprem
        REM "  fprem1 7,2.5", c_seven, c_2_5, fprem1
        REM "  fprem -7,1.5", c_seven, c_1_5, fchs, fprem
        REM "  fprem 1e4000,3", c_big, c_three, fprem
        REM "  fprem1 3.5,-0.75", c_3_5, c_m075, fprem1
        REM "  fprem x,0", c_3_5, c_zero, fprem

        PRINT "compares"
        call newline
%macro CMP 4
        PRINT %1
        PRINT ": "
        call reset
        fld tword [rel %3]
        fld tword [rel %2]
        %4
        pushfq
        pop r15
        call showcc
        mov rax, r15
        and eax, 0x8d5
        mov ecx, 3
        call print_hex
        call newline
%endmacro
        CMP "  fcom 1,3", c_one, c_three, {fcom st1}
        CMP "  fcom 3,1", c_three, c_one, {fcom st1}
        CMP "  fcom 1,1", c_one, c_one, {fcom st1}
        CMP "  fcom qnan", c_qnan, c_one, {fcom st1}
        CMP "  fucom qnan", c_qnan, c_one, {fucom st1}
        CMP "  fucom snan", c_snan, c_one, {fucom st1}
        CMP "  fcomi 1,3", c_one, c_three, {fcomi st0, st1}
        CMP "  fcomi 3,1", c_three, c_one, {fcomi st0, st1}
        CMP "  fcomi eq", c_2_5, c_2_5, {fcomi st0, st1}
        CMP "  fcomi qnan", c_one, c_qnan, {fcomi st0, st1}
        CMP "  fucomi qnan", c_one, c_qnan, {fucomi st0, st1}
        CMP "  fucomip -0,0", c_nzero, c_zero, {fucomip st0, st1}
        CMP "  ftst -2.5", c_m2_5, c_one, ftst
        CMP "  ftst nan", c_qnan, c_one, ftst
        CMP "  fcompp", c_one, c_three, fcompp

        PRINT "fxam"
        call newline
%macro XAM 2
        PRINT %1
        PRINT ": "
        call reset
        fld tword [rel %2]
        fxam
        call showcc
%endmacro
        XAM "  +0", c_zero
        XAM "  -0", c_nzero
        XAM "  denormal", c_denorm
        XAM "  normal", c_m2_5
        XAM "  inf", c_inf
        XAM "  nan", c_qnan
        XAM "  unnormal", c_unnorm
        PRINT "  empty: "
        call reset
        fxam
        call showcc

        PRINT "stack"
        call newline
        call reset
        PRINT "  overflow: "
%rep 9
        fld1
%endrep
        call showcc
        call show
        call reset
        PRINT "  underflow: "
        fadd st0, st1
        call showcc
        call reset
        fld1
        fldpi
        fldz
        PRINT "  fnstenv cw sw tw: "
        fnstenv [rel tmp + 32]
        mov eax, [rel tmp + 32]
        mov ecx, 4
        call print_hex
        mov eax, [rel tmp + 36]
        and eax, 0x7fff
        call print_hex
        mov eax, [rel tmp + 40]
        call print_hex
        call newline
        PRINT "  after fldenv: "
        fldenv [rel tmp + 32]
        fstp st0
        fstp st0
        call show
        PRINT "  ffree/fincstp: "
        call reset
        fld1
        fld1
        ffree st1
        fincstp
        fnstenv [rel tmp + 32]
        mov eax, [rel tmp + 36]
        and eax, 0x7fff
        mov ecx, 4
        call print_hex
        mov eax, [rel tmp + 40]
        call print_hex
        call newline
        PRINT "  fxch/fst st2: "
        call reset
        fld tword [rel c_one]
        fld tword [rel c_three]
        fld tword [rel c_seven]
        fxch st2
        fst st1
        call show
        call show
        call show

        PRINT "integers"
        call newline
%macro IST 3-4
        PRINT %1
        PRINT ": "
        call reset
        mov qword [rel tmp + 64], -1
        fld tword [rel %2]
        %3
%if %0 >= 4
        %4
%endif
        fnstsw [rel swsave]
        mov rax, [rel tmp + 64]
        call print_hex64
        movzx eax, word [rel swsave]
        and eax, 0x027f
        mov ecx, 4
        call print_hex
        call newline
%endmacro
        IST "  fistp w 40000", c_e40, {fistp word [rel tmp + 64]}
        IST "  fistp d 1e19", c_1e19, {fistp dword [rel tmp + 64]}
        IST "  fistp q 1e19", c_1e19, {fistp qword [rel tmp + 64]}
        IST "  fistp q nan", c_qnan, {fistp qword [rel tmp + 64]}
        IST "  fistp q -inf", c_inf, fchs, {fistp qword [rel tmp + 64]}
        IST "  fist w -0.75", c_m075, {fist word [rel tmp + 64]}
        IST "  fbstp 123456789", c_bcd, {fbstp [rel tmp + 64]}
        IST "  fbstp -2.5", c_m2_5, {fbstp [rel tmp + 64]}
        IST "  fst d denorm", c_tiny, {fstp qword [rel tmp + 64]}
        IST "  fst d big", c_big, {fstp qword [rel tmp + 64]}
        IST "  fst f snan", c_snan, {fstp dword [rel tmp + 64]}
        PRINT "  fild max/-1: "
        call reset
        fild qword [rel q_max]
        call show
        fild qword [rel q_max]
        fstp qword [rel tmp + 64]
        mov rax, [rel tmp + 64]
        call print_hex64
        fild qword [rel q_m1]
        call show
        PRINT "  fbld: "
        mov rax, 0x0000009876543210
        mov [rel tmp + 80], rax
        mov word [rel tmp + 88], 0x8000
        fbld [rel tmp + 80]
        call show
        PRINT "  fld double denormal: "
        call reset
        fld qword [rel d_denorm]
        call show
        PRINT "  fiadd/fimul: "
        fld tword [rel c_2_5]
        fiadd dword [rel i_mixed]
        fimul word [rel i_mixed]
        fidivr dword [rel i_mixed]
        call show

        PRINT "transcendental"
        call newline
        UN "  fsin 0.5", c_half, fsin
        UN "  fcos 0.5", c_half, fcos
        UN "  fsin 2^64", c_2p64, fsin, {call showcc}
        UN "  f2xm1 0.5", c_half, f2xm1
        UN "  f2xm1 -0.75", c_m075, f2xm1
        PRINT "  fptan 0.5: "
        fld tword [rel c_half]
        fptan
        call show
        call show
        PRINT "  fsincos 1.5: "
        fld tword [rel c_1_5]
        fsincos
        call show
        call show
        BIN "  fpatan 1,2.5", c_one, c_2_5, fxch, fpatan
        BIN "  fyl2x 7,3", c_seven, c_three, fxch, fyl2x
        BIN "  fyl2xp1 0.5,-0.75", c_half, c_m075, fxch, fyl2xp1
        BIN "  fyl2x 0,-1", c_zero, c_m075, fxch, fyl2x

        PRINT "sse conversions"
        call newline
%macro CVT 4
        PRINT %1
        PRINT ": "
        mov eax, %2
        call mxreset
        %3
        %4
        call showi
%endmacro
        CVT "  cvtsd2si q nan", 0x1f80, {movsd xmm1, [rel d_qnan]}, {cvtsd2si rax, xmm1}
        CVT "  cvtsd2si q inf", 0x1f80, {movsd xmm1, [rel d_inf]}, {cvtsd2si rax, xmm1}
        CVT "  cvtsd2si q 1e19", 0x1f80, {movsd xmm1, [rel d_1e19]}, {cvtsd2si rax, xmm1}
        CVT "  cvtsd2si q -1e19", 0x1f80, {movsd xmm1, [rel d_m1e19]}, {cvtsd2si rax, xmm1}
        CVT "  cvtsd2si d 2.5", 0x1f80, {movsd xmm1, [rel d_2_5]}, {cvtsd2si eax, xmm1}
        CVT "  cvtsd2si d -2.5", 0x1f80, {movsd xmm1, [rel d_m2_5]}, {cvtsd2si rax, xmm1}
        CVT "  cvttsd2si d 3e9", 0x1f80, {movsd xmm1, [rel d_3e9]}, {cvttsd2si eax, xmm1}
        CVT "  cvttsd2si q 3e9", 0x1f80, {movsd xmm1, [rel d_3e9]}, {cvttsd2si rax, xmm1}
        CVT "  cvtsd2si rc=down -2.5", 0x3f80, {movsd xmm1, [rel d_m2_5]}, {cvtsd2si rax, xmm1}
        CVT "  cvtsd2si rc=up 2.5", 0x5f80, {movsd xmm1, [rel d_2_5]}, {cvtsd2si rax, xmm1}
        CVT "  cvtss2si snan", 0x1f80, {movss xmm1, [rel f_snan]}, {cvtss2si eax, xmm1}
%macro CVTX 3
        PRINT %1
        PRINT ": "
        mov eax, %2
        call mxreset
        %3
        call showx
%endmacro
        CVTX "  cvtsi2sd max near", 0x1f80, {cvtsi2sd xmm0, qword [rel q_max]}
        CVTX "  cvtsi2sd max down", 0x3f80, {cvtsi2sd xmm0, qword [rel q_max]}
        CVTX "  cvtsi2ss max zero", 0x7f80, {cvtsi2ss xmm0, qword [rel q_max]}
        CVTX "  cvtsi2ss -1", 0x1f80, {cvtsi2ss xmm0, qword [rel q_m1]}
        CVTX "  cvtsd2ss big", 0x1f80, {cvtsd2ss xmm0, [rel d_big]}
        CVTX "  cvtsd2ss minnormal", 0x1f80, {cvtsd2ss xmm0, [rel d_minn]}
        CVTX "  cvtsd2ss qnan", 0x1f80, {cvtsd2ss xmm0, [rel d_qnan]}
        CVTX "  cvtss2sd snan", 0x1f80, {cvtss2sd xmm0, [rel f_snan]}

        PRINT "sse arithmetic"
        call newline
%macro SOP 4
%defstr opname %1
        PRINT opname
        PRINT ": "
        mov eax, %4
        call mxreset
        movsd xmm0, [rel %2]
        movsd xmm1, [rel %3]
        %1 xmm0, xmm1
        call showx
%endmacro
%macro SOPS 5
        PRINT "  "
        PRINT %5
        PRINT " "
        SOP %1, %2, %3, %4
%endmacro
        SOPS minsd, d_qnan, d_one, 0x1f80, "nan,1"
        SOPS minsd, d_one, d_qnan, 0x1f80, "1,nan"
        SOPS minsd, d_zero, d_nzero, 0x1f80, "0,-0"
        SOPS minsd, d_nzero, d_zero, 0x1f80, "-0,0"
        SOPS maxsd, d_qnan, d_one, 0x1f80, "nan,1"
        SOPS maxsd, d_nzero, d_zero, 0x1f80, "-0,0"
        SOPS maxsd, d_snan, d_one, 0x1f80, "snan,1"
        SOPS sqrtsd, d_zero, d_m1, 0x1f80, "-1"
        SOPS sqrtsd, d_zero, d_nzero, 0x1f80, "-0"
        SOPS sqrtsd, d_zero, d_three, 0x1f80, "3"
        SOPS divsd, d_zero, d_zero, 0x1f80, "0/0"
        SOPS divsd, d_one, d_zero, 0x1f80, "1/0"
        SOPS divsd, d_one, d_three, 0x1f80, "1/3"
        SOPS divsd, d_one, d_three, 0x3f80, "1/3 down"
        SOPS divsd, d_one, d_three, 0x5f80, "1/3 up"
        SOPS divsd, d_m1, d_three, 0x7f80, "-1/3 zero"
        SOPS addsd, d_snan, d_one, 0x1f80, "snan+1"
        SOPS addsd, d_one, d_snan, 0x1f80, "1+snan"
        SOPS addsd, d_qnan, d_qnan2, 0x1f80, "qnan+qnan2"
        SOPS addsd, d_qnan2, d_snan, 0x1f80, "qnan2+snan"
        SOPS subsd, d_inf, d_inf, 0x1f80, "inf-inf"
        SOPS mulsd, d_big, d_big, 0x1f80, "big*big"
        SOPS mulsd, d_big, d_big, 0x7f80, "big*big zero"
        SOPS mulsd, d_minn, d_minn, 0x1f80, "min*min"
        SOPS mulsd, d_minn, d_2_5, 0x1f80, "min*2.5"
        SOPS mulsd, d_denorm, d_2_5, 0x1f80, "denorm*2.5"
        SOPS mulsd, d_denorm, d_2_5, 0x1fc0, "denorm*2.5 daz"
        SOPS divsd, d_minn, d_3e9, 0x1f80, "min/3e9"
        SOPS divsd, d_minn, d_3e9, 0x9f80, "min/3e9 ftz"
        SOPS subsd, d_nzero, d_nzero, 0x1f80, "-0-(-0)"
        SOPS subsd, d_one, d_one, 0x3f80, "1-1 down"
        SOPS cvtsd2ss, d_zero, d_snan, 0x1f80, "snan"

        PRINT "sse compares"
        call newline
%macro SCMP 4
        PRINT %1
        PRINT ": "
        mov eax, 0x1f80
        call mxreset
        movsd xmm0, [rel %2]
        movsd xmm1, [rel %3]
        push qword 0
        popfq
        %4 xmm0, xmm1
        pushfq
        pop r15
        call showf
%endmacro
        SCMP "  ucomisd 1,3", d_one, d_three, ucomisd
        SCMP "  ucomisd 3,1", d_three, d_one, ucomisd
        SCMP "  ucomisd -0,0", d_nzero, d_zero, ucomisd
        SCMP "  ucomisd qnan", d_qnan, d_one, ucomisd
        SCMP "  ucomisd snan", d_one, d_snan, ucomisd
        SCMP "  comisd qnan", d_qnan, d_one, comisd
        SCMP "  comisd 1,1", d_one, d_one, comisd
        PRINT "  cmpsd predicates: "
        xor ebx, ebx
%assign pred 0
%rep 8
        mov eax, 0x1f80
        call mxreset
        movsd xmm0, [rel d_one]
        cmpsd xmm0, [rel d_qnan], pred
        movq rax, xmm0
        and eax, 1
        shl eax, pred
        or ebx, eax
        movsd xmm0, [rel d_one]
        cmpsd xmm0, [rel d_three], pred
        movq rax, xmm0
        and eax, 1
        shl eax, pred + 8
        or ebx, eax
%assign pred pred + 1
%endrep
        mov eax, ebx
        mov ecx, 4
        call print_hex
        stmxcsr [rel mxtmp]
        mov eax, [rel mxtmp]
        call print_hex
        call newline
        xor edi, edi
        jmp exit
