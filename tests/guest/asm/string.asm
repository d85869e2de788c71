; String instructions: MOVS/STOS/LODS/CMPS/SCAS with and without REP, both
; directions, all element sizes, overlapping copies and zero counts. Prints
; the final RSI/RDI/RCX, flags and a hash of the buffer after each case.

%include "lib.inc"

global _start

BUFSZ equ 512

section .bss
buf:    resb BUFSZ
saved:  resq 4

section .text

; fill buf with a pattern: buf[i] = i * 7 + 3
fill:
        push rcx
        push rax
        xor ecx, ecx
.l:     lea eax, [rcx * 8]
        sub eax, ecx
        add eax, 3
        lea r11, [rel buf]
        mov [r11 + rcx], al
        inc ecx
        cmp ecx, BUFSZ
        jb .l
        pop rax
        pop rcx
        ret

; report: print label (r12), rsi/rdi offsets from buf, rcx, rax, flags (r15), buffer hash.
report:
        push rsi
        mov rsi, r12
        call print_cstr
        pop rsi
        PRINT ": "
        lea r11, [rel buf]
        push rax
        mov rax, rsi
        sub rax, r11
        call print_hex64
        mov rax, rdi
        sub rax, r11
        call print_hex64
        mov rax, rcx
        call print_hex64
        pop rax
        call print_hex64
        mov rax, r15
        and rax, 0x8d5
        push rcx
        mov ecx, 3
        call print_hex
        pop rcx
        mov r13, 0xcbf29ce484222325
        xor r14d, r14d
.h:     lea r11, [rel buf]
        mov rax, [r11 + r14]
        call hash_mix
        add r14, 8
        cmp r14, BUFSZ
        jb .h
        mov rax, r13
        call print_hex64
        call newline
        ret

; S label, setup..., instruction: r12 = label; the instruction runs with the
; registers the caller set; flags captured into r15; DF cleared afterwards.
%macro S 2+
section .rodata
%%name: db %1, 0
section .text
        lea r12, [rel %%name]
        %2
        pushfq
        pop r15
        cld
        call report
%endmacro

; ARGS src_off, dst_off, count, rax: load registers relative to buf.
%macro ARGS 4
        call fill
        lea rsi, [rel buf + %1]
        lea rdi, [rel buf + %2]
        mov rcx, %3
        mov rax, %4
        push qword 0
        popfq
%endmacro

_start:
        ARGS 0, 256, 100, 0
        S "rep movsb fwd", rep movsb
        ARGS 3, 261, 33, 0
        S "rep movsw fwd", rep movsw
        ARGS 1, 300, 17, 0
        S "rep movsd fwd", rep movsd
        ARGS 5, 200, 20, 0
        S "rep movsq fwd", rep movsq
        ARGS 0, 1, 200, 0
        S "rep movsb overlap up", rep movsb
        ARGS 8, 0, 30, 0
        S "rep movsq overlap down", rep movsq
        ARGS 300, 310, 50, 0
        std
        S "rep movsb backward", rep movsb
        ARGS 300, 290, 10, 0
        std
        S "rep movsd backward", rep movsd
        ARGS 0, 256, 0, 0
        S "rep movsb zero count", rep movsb
        ARGS 10, 20, 5, 0
        S "movsb single", movsb
        ARGS 10, 20, 5, 0
        std
        S "movsq single back", movsq
        ARGS 0, 100, 77, 0x1122334455667788
        S "rep stosb", rep stosb
        ARGS 0, 101, 13, 0x1122334455667788
        S "rep stosw", rep stosw
        ARGS 0, 102, 9, 0x1122334455667788
        S "rep stosd", rep stosd
        ARGS 0, 103, 7, 0x1122334455667788
        S "rep stosq", rep stosq
        ARGS 0, 400, 7, 0x1122334455667788
        std
        S "rep stosq back", rep stosq
        ARGS 40, 0, 3, 0xffffffffffffffff
        S "lodsb", lodsb
        ARGS 40, 0, 3, 0xffffffffffffffff
        S "lodsw", lodsw
        ARGS 40, 0, 3, 0xffffffffffffffff
        S "lodsd", lodsd
        ARGS 40, 0, 3, 0xffffffffffffffff
        std
        S "lodsq back", lodsq
        ARGS 40, 0, 3, 0
        S "rep lodsb", rep lodsb

        ; compare the buffer with itself shifted: equal until the pattern differs
        ARGS 0, 0, 50, 0
        S "repe cmpsb equal", repe cmpsb
        ARGS 0, 1, 50, 0
        S "repe cmpsb differ", repe cmpsb
        ARGS 0, 256, 50, 0
        S "repe cmpsb period", repe cmpsb
        ARGS 0, 256, 40, 0
        S "repe cmpsd period", repe cmpsd
        ARGS 0, 1, 50, 0
        S "repne cmpsb", repne cmpsb
        ARGS 7, 8, 1, 0
        S "cmpsq single", cmpsq
        ARGS 0, 0, 0, 0
        S "repe cmpsb zero", repe cmpsb
        ARGS 0, 0, 300, 0x25
        S "repne scasb found", repne scasb
        ARGS 0, 0, 30, 0x00
        S "repne scasb miss", repne scasb
        ARGS 0, 0, 300, 0x03
        S "repe scasb", repe scasb
        ARGS 0, 64, 10, 0x4a43
        S "repne scasw", repne scasw
        ARGS 0, 200, 300, 0x25
        std
        S "repne scasb back", repne scasb
        ARGS 0, 5, 9, 0x0a
        S "scasb single", scasb
        ARGS 0, 0, 0x100000005, 0
        S "rep movsb rcx only", a32 rep movsb
        xor edi, edi
        jmp exit
