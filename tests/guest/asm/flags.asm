; Arithmetic flags: every operation runs on all pairs of 16 edge values with
; all-clear and all-set input flags; results, registers and the flags the SDM
; defines for that operation are hashed and printed per operation.
; Build: nasm -f elf64 flags.asm && ld -static -o flags flags.o

%include "lib.inc"

global _start

ALL  equ 0x8d5          ; CF PF AF ZF SF OF
NOAF equ 0x8c5          ; AF undefined (logic ops, shifts by 1)
SZPC equ 0x0c5          ; AF and OF undefined (multi-bit shifts)
ROTN equ 0x0d5          ; OF undefined (multi-bit rotates), others preserved
MULF equ 0x801          ; only CF and OF defined
ZFON equ 0x040          ; BSF/BSR
BTF  equ 0x041          ; BT*: CF defined, ZF preserved
NONE equ 0x000

section .rodata
vals:   dq 0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000, 0xffffffff
        dq 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff
        dq 0x0123456789abcdef, 0xfedcba9876543210
NV      equ 16
inflags: dq 0, ALL

section .bss
setbuf: resb 32

section .text

; run_op: rdi = routine, rsi = flag mask, r12 = name. Prints "name hash".
; Routines may change rax, rbx, rcx, rdx and r15 only (rsi and r13 are read-only inputs).
run_op:
        mov r13, 0xcbf29ce484222325
        xor r8d, r8d
.i:     xor r9d, r9d
.j:     xor r10d, r10d
.f:     lea r11, [rel vals]
        mov rax, [r11 + r8 * 8]
        mov rbx, [r11 + r9 * 8]
        mov rcx, rbx
        mov rdx, rax
        not rdx
        lea r11, [rel inflags]
        mov r15, [r11 + r10 * 8]
        call rdi
        and r15, rsi
        call hash_mix
        mov rax, rbx
        call hash_mix
        mov rax, rcx
        call hash_mix
        mov rax, rdx
        call hash_mix
        mov rax, r15
        call hash_mix
        inc r10
        cmp r10, 2
        jb .f
        inc r9
        cmp r9, NV
        jb .j
        inc r8
        cmp r8, NV
        jb .i
        push rsi
        mov rsi, r12
        call print_cstr
        pop rsi
        PRINT " "
        mov rax, r13
        call print_hex64
        call newline
        ret

; T name, mask, instruction: test one instruction.
%macro T 3+
section .rodata
%%name: db %1, 0
section .text
        jmp %%run
%%body: push r15
        popfq
        %3
        pushfq
        pop r15
        ret
%%run:  lea rdi, [rel %%body]
        mov rsi, %2
        lea r12, [rel %%name]
        call run_op
%endmacro

; TR name, mask, label: test a routine that manages flags itself.
%macro TR 3
section .rodata
%%name: db %1, 0
section .text
        lea rdi, [rel %3]
        mov rsi, %2
        lea r12, [rel %%name]
        call run_op
%endmacro

_start:
        T "add64", ALL, add rax, rbx
        T "adc64", ALL, adc rax, rbx
        T "sub64", ALL, sub rax, rbx
        T "sbb64", ALL, sbb rax, rbx
        T "cmp64", ALL, cmp rax, rbx
        T "and64", NOAF, and rax, rbx
        T "or64", NOAF, or rax, rbx
        T "xor64", NOAF, xor rax, rbx
        T "test64", NOAF, test rax, rbx
        T "neg64", ALL, neg rax
        T "not64", ALL, not rax
        T "inc64", ALL, inc rax
        T "dec64", ALL, dec rax
        T "addimm64", ALL, add rax, -128
        T "subimm64", ALL, sub rax, 0x7fffffff
        T "imul2_64", MULF, imul rax, rbx
        T "imul3_64", MULF, imul rax, rbx, -3
        T "mul64", MULF, mul rbx
        T "imul1_64", MULF, imul rbx
        T "xadd64", ALL, xadd rax, rbx
        T "cmpxchg64", ALL, cmpxchg rbx, rdx
        T "bsf64", ZFON, bsf rax, rbx
        T "bsr64", ZFON, bsr rax, rbx
        T "bt64", BTF, bt rax, rbx
        T "bts64", BTF, bts rax, rbx
        T "btr64", BTF, btr rax, rbx
        T "btc64", BTF, btc rax, rbx
        T "btimm64", BTF, bt rax, 37
        T "shl1_64", NOAF, shl rax, 1
        T "shl5_64", SZPC, shl rax, 5
        T "shr1_64", NOAF, shr rax, 1
        T "shr5_64", SZPC, shr rax, 5
        T "sar1_64", NOAF, sar rax, 1
        T "sar63_64", SZPC, sar rax, 63
        T "rol1_64", ALL, rol rax, 1
        T "rol13_64", ROTN, rol rax, 13
        T "ror1_64", ALL, ror rax, 1
        T "ror40_64", ROTN, ror rax, 40
        T "rcl1_64", ALL, rcl rax, 1
        T "rcl7_64", ROTN, rcl rax, 7
        T "rcr1_64", ALL, rcr rax, 1
        T "rcr7_64", ROTN, rcr rax, 7
        T "shld7_64", SZPC, shld rax, rbx, 7
        T "shrd1_64", NOAF, shrd rax, rbx, 1
        TR "shlcl64", SZPC, shlcl64
        TR "sarcl64", SZPC, sarcl64
        TR "rolcl64", ROTN, rolcl64
        TR "shrdcl64", SZPC, shrdcl64
        TR "div64", NONE, div64
        TR "idiv64", NONE, idiv64
        TR "setcc64", ALL, setcc64
        TR "cmovcc64", ALL, cmovcc64

        T "add32", ALL, add eax, ebx
        T "adc32", ALL, adc eax, ebx
        T "sub32", ALL, sub eax, ebx
        T "sbb32", ALL, sbb eax, ebx
        T "and32", NOAF, and eax, ebx
        T "xor32", NOAF, xor eax, ebx
        T "neg32", ALL, neg eax
        T "inc32", ALL, inc eax
        T "dec32", ALL, dec eax
        T "imul2_32", MULF, imul eax, ebx
        T "mul32", MULF, mul ebx
        T "imul1_32", MULF, imul ebx
        T "shl1_32", NOAF, shl eax, 1
        T "sar31_32", SZPC, sar eax, 31
        T "rol1_32", ALL, rol eax, 1
        T "rcr1_32", ALL, rcr eax, 1
        T "rcl9_32", ROTN, rcl eax, 9
        T "bsf32", ZFON, bsf eax, ebx
        T "bsr32", ZFON, bsr eax, ebx
        T "bt32", BTF, bt eax, ebx
        T "shld5_32", SZPC, shld eax, ebx, 5
        T "xadd32", ALL, xadd eax, ebx
        T "cmpxchg32", ALL, cmpxchg ebx, edx
        TR "shlcl32", SZPC, shlcl32
        TR "div32", NONE, div32
        TR "idiv32", NONE, idiv32
        TR "setcc32", ALL, setcc32

        T "add16", ALL, add ax, bx
        T "sub16", ALL, sub ax, bx
        T "sbb16", ALL, sbb ax, bx
        T "or16", NOAF, or ax, bx
        T "neg16", ALL, neg ax
        T "inc16", ALL, inc ax
        T "imul2_16", MULF, imul ax, bx
        T "mul16", MULF, mul bx
        T "imul1_16", MULF, imul bx
        T "shl1_16", NOAF, shl ax, 1
        T "shr5_16", SZPC, shr ax, 5
        T "rcr1_16", ALL, rcr ax, 1
        T "rol3_16", ROTN, rol ax, 3
        T "bsr16", ZFON, bsr ax, bx
        T "bt16", BTF, bt ax, bx
        T "shrd3_16", SZPC, shrd ax, bx, 3
        T "xchg16", ALL, xchg ax, bx
        TR "div16", NONE, div16

        T "add8", ALL, add al, bl
        T "adc8", ALL, adc al, bl
        T "sub8", ALL, sub al, bl
        T "sbb8", ALL, sbb al, bl
        T "cmp8", ALL, cmp al, bl
        T "and8", NOAF, and al, bl
        T "test8", NOAF, test al, bl
        T "neg8", ALL, neg al
        T "inc8", ALL, inc al
        T "dec8", ALL, dec al
        T "mul8", MULF, mul bl
        T "imul8", MULF, imul bl
        T "shl1_8", NOAF, shl al, 1
        T "shr3_8", SZPC, shr al, 3
        T "sar1_8", NOAF, sar al, 1
        T "rol1_8", ALL, rol al, 1
        T "rcl1_8", ALL, rcl al, 1
        T "rcr1_8", ALL, rcr al, 1
        T "rcl5_8", ROTN, rcl al, 5
        T "addah8", ALL, add ah, bl
        T "subbh8", ALL, sub bh, al
        T "xorahch8", NOAF, xor ah, ch
        T "negdh8", ALL, neg dh
        T "addsil8", ALL, add bl, sil
        T "adcr13b8", ALL, adc al, r13b
        T "movsx8", ALL, movsx rax, bl
        T "movzx16", ALL, movzx eax, bx
        T "movsxd", ALL, movsxd rax, ebx
        T "cbw", ALL, cbw
        T "cwde", ALL, cwde
        T "cdqe", ALL, cdqe
        T "cwd", ALL, cwd
        T "cdq", ALL, cdq
        T "cqo", ALL, cqo
        T "bswap64", ALL, bswap rax
        T "bswap32", ALL, bswap eax
        T "lea", ALL, lea rax, [rax + rbx * 4 - 7]
        T "lea32", ALL, lea eax, [rax + rbx * 2 + 0x7fffffff]
        T "cmc", ALL, cmc
        T "stc", ALL, stc
        T "clc", ALL, clc
        xor edi, edi
        jmp exit

shlcl64:
        and ecx, 3
        push r15
        popfq
        shl rax, cl
        pushfq
        pop r15
        ret
sarcl64:
        and ecx, 3
        push r15
        popfq
        sar rax, cl
        pushfq
        pop r15
        ret
rolcl64:
        and ecx, 3
        add ecx, 2
        push r15
        popfq
        rol rax, cl
        pushfq
        pop r15
        ret
shrdcl64:
        and ecx, 3
        push r15
        popfq
        shrd rax, rbx, cl
        pushfq
        pop r15
        ret
shlcl32:
        and ecx, 3
        push r15
        popfq
        shl eax, cl
        pushfq
        pop r15
        ret
div64:
        test rbx, rbx
        jz .skip
        mov rdx, rbx
        shr rdx, 1
        div rbx
.skip:  xor r15d, r15d
        ret
idiv64:
        test rbx, rbx
        jz .skip
        cmp rbx, -1
        je .skip
        cqo
        idiv rbx
.skip:  xor r15d, r15d
        ret
div32:
        test ebx, ebx
        jz .skip
        mov edx, ebx
        shr edx, 1
        div ebx
.skip:  xor r15d, r15d
        ret
idiv32:
        test ebx, ebx
        jz .skip
        cmp ebx, -1
        je .skip
        cdq
        idiv ebx
.skip:  xor r15d, r15d
        ret
div16:
        test bx, bx
        jz .skip
        mov dx, bx
        shr dx, 1
        div bx
.skip:  xor r15d, r15d
        ret

; SETcc for all 16 conditions after a compare; the bytes land in rcx:rdx.
%macro SETALL 0
        seto [rel setbuf + 0]
        setno [rel setbuf + 1]
        setb [rel setbuf + 2]
        setae [rel setbuf + 3]
        sete [rel setbuf + 4]
        setne [rel setbuf + 5]
        setbe [rel setbuf + 6]
        seta [rel setbuf + 7]
        sets [rel setbuf + 8]
        setns [rel setbuf + 9]
        setp [rel setbuf + 10]
        setnp [rel setbuf + 11]
        setl [rel setbuf + 12]
        setge [rel setbuf + 13]
        setle [rel setbuf + 14]
        setg [rel setbuf + 15]
        mov rcx, [rel setbuf]
        mov rdx, [rel setbuf + 8]
%endmacro
setcc64:
        cmp rax, rbx
        SETALL
        pushfq
        pop r15
        ret
setcc32:
        sub eax, ebx
        SETALL
        pushfq
        pop r15
        ret
cmovcc64:
        add rax, rbx
        mov rcx, 0
        mov rdx, 0
        cmovo rcx, rbx
        cmovc rdx, rbx
        cmovz ecx, eax
        cmovs edx, ebx
        cmovl rcx, rdx
        cmovg rdx, rax
        cmovp cx, bx
        cmovbe dx, ax
        pushfq
        pop r15
        ret
