"""Demo accounts and discussions, loaded by `flask seed-demo`.

Everything is written through the services, so counters, thread paths and
rendered HTML are exactly what real use produces. Only the dates are moved
back afterwards, spreading the conversations over the past eight months.
Posts are written in date order, so ids follow time as they do in real use.
"""

import inspect
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from models import Category, ModerationAction, Organization, Post, PostRevision, Topic, User, db, utcnow

from .auth import services as accounts
from .discussions import services as discussions
from .markup import quote_markdown
from .moderation import services as moderation

DEMO_DOMAIN = "demo.encuentro.sela.org"

# One password per kind of account, published in the README.
PASSWORDS = {
    "admin": "demo-admin-encuentro",
    "moderator": "demo-moderacion-encuentro",
    "focal_point": "demo-punto-focal-encuentro",
    "member": "demo-miembro-encuentro",
}


def _account(handle, role, name, title, country_code=None, organization=None) -> dict:
    return {
        "email": f"{handle}@{DEMO_DOMAIN}", "password": PASSWORDS[role], "role": role,
        "name": name, "title": title, "country_code": country_code, "organization": organization,
    }


DEMO_ACCOUNTS = [
    _account("rafael.quintero", "admin", "Rafael Quintero Silva",
             "Administrador de la plataforma Encuentro", organization="SP-SELA"),
    _account("carolina.mendez", "moderator", "Carolina Méndez Arráiz",
             "Coordinadora del Espacio Virtual de Encuentro", organization="SP-SELA"),
    _account("lucia.ferreyra", "focal_point", "Lucía Ferreyra",
             "Directora de Cooperación Internacional, Cancillería", country_code="AR"),
    _account("andres.rincon", "focal_point", "Andrés Felipe Rincón",
             "Director de Cooperación Sur-Sur, agencia presidencial de cooperación", country_code="CO"),
    _account("ana.carvalho", "focal_point", "Ana Beatriz Carvalho",
             "Coordenadora-Geral de Cooperação Técnica entre Países em Desenvolvimento", country_code="BR"),
    _account("mauricio.solano", "focal_point", "Mauricio Solano Arce",
             "Jefe del Área de Cooperación Internacional, MIDEPLAN", country_code="CR"),
    _account("gabriela.soto", "focal_point", "Gabriela Soto Villaseñor",
             "Directora General de Cooperación Técnica y Científica", country_code="MX"),
    _account("ernesto.valdes", "focal_point", "Ernesto Valdés Rivero",
             "Director de Colaboración Económica Multilateral", country_code="CU"),
    _account("marcia.campbell", "focal_point", "Marcia Campbell-Reid",
             "Director, External Cooperation Management, Planning Institute", country_code="JM"),
    _account("jeanrobert.pierrelouis", "focal_point", "Jean-Robert Pierre-Louis",
             "Directeur de la Coopération externe, Ministère de la Planification", country_code="HT"),
    _account("desmond.alleyne", "member", "Desmond Alleyne",
             "Programme Manager, Human and Social Development", organization="CARICOM"),
    _account("rosa.lemus", "member", "Rosa Elvira Lemus",
             "Especialista en integración social, Secretaría General", organization="SICA"),
    _account("patricia.illanes", "member", "Patricia Illanes",
             "Oficial de Asuntos Sociales, División de Desarrollo Social", organization="CEPAL"),
    _account("tomas.aguirre", "member", "Tomás Aguirre Paredes",
             "Investigador de un observatorio ciudadano de políticas sociales"),
]

# Topics with their reply trees. `author` is the part of a demo address
# before the @; replies are listed in the order they were written. A reply
# may `quote` an excerpt of the post it answers, and a post may get an
# `addendum` in a later edit. `days_ago` dates the opening post.
TOPICS = [
    {
        "category": "cooperacion-sur-sur",
        "author": "carolina.mendez",
        "days_ago": 236,
        "pinned": True,
        "title": "Bienvenida al Espacio Virtual de Encuentro: normas de participación",
        "body": """
            Bienvenidas y bienvenidos al **Espacio Virtual de Encuentro**, donde los puntos focales
            de cooperación internacional de los Estados Miembros del SELA comparten información,
            experiencias y propuestas entre una reunión y la siguiente.

            Antes de publicar, tengan en cuenta estas normas:

            1. **Un asunto por tema.** Elija un título que lo describa y la categoría que corresponda.
            2. **Responda al mensaje que comenta**, no solo al tema: así el hilo se lee con facilidad.
            3. **Cite sus fuentes** y enlace los documentos públicos, por ejemplo los del
               [portal del SELA](https://www.sela.org).
            4. **Confidencialidad.** Los borradores de posiciones comunes van en *Posiciones
               regionales*, que solo ven los puntos focales. No publique en las categorías abiertas
               lo que su institución no haya hecho público.
            5. **Idiomas.** El español es la lengua de trabajo, pero puede escribir en inglés,
               portugués o francés.
            6. **Respeto.** Debatimos ideas y políticas, no personas ni gobiernos.

            La Secretaría Permanente (SP-SELA) modera el espacio. Si algo no funciona, escríbanos
            en este mismo hilo.
        """,
        "replies": [
            {
                "author": "andres.rincon",
                "body": """
                    Gracias a la SP-SELA por abrir este espacio: entre una Reunión de Directores y
                    la siguiente casi siempre perdíamos el hilo de lo conversado.

                    Propongo que cada punto focal se presente con su cargo y las **tres prioridades**
                    de su institución para este año. Empiezo: Andrés Felipe Rincón, Colombia.
                    Prioridades: cooperación Sur-Sur con Centroamérica y el Caribe, registro de la
                    oferta técnica colombiana y seguimiento de los proyectos triangulares.
                """,
                "replies": [
                    {
                        "author": "marcia.campbell",
                        "body": """
                            Good idea, Andrés. Marcia Campbell-Reid, Jamaica: I manage external
                            cooperation at our planning institute. Our three priorities are disaster
                            risk management, youth employment and a stronger statistical system to
                            follow the results of cooperation.

                            I will mostly write in English, but I read Spanish comfortably.
                        """,
                        "replies": [
                            {
                                "author": "carolina.mendez",
                                "body": """
                                    Welcome, Marcia! Escriba en inglés sin problema: si algún hilo lo
                                    necesita, la Secretaría prepara un resumen en español.
                                """,
                            },
                        ],
                    },
                    {
                        "author": "jeanrobert.pierrelouis",
                        "body": """
                            Bonjour à toutes et à tous. Jean-Robert Pierre-Louis, Haïti, Direction de
                            la coopération externe. Nos priorités : la coordination de l'aide, la
                            reconstruction des infrastructures rurales et la formation des cadres de
                            l'administration publique.

                            Je lis l'espagnol, mais j'écrirai surtout en français.
                        """,
                    },
                    {
                        "author": "ana.carvalho",
                        "body": """
                            Olá a todos! Ana Beatriz Carvalho, do Brasil. Coordeno a cooperação técnica
                            com países em desenvolvimento. Prioridades: saúde, agricultura familiar e
                            formação profissional, com foco na América Latina e no Caribe.
                        """,
                    },
                ],
            },
            {
                "author": "tomas.aguirre",
                "body": """
                    Una consulta desde la sociedad civil: ¿las organizaciones sociales podemos
                    participar en este espacio o solo en el Foro de la Dimensión Social?
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Bienvenido, Tomás. Puede leer y escribir en todas las categorías abiertas
                            de ambos espacios. Solo *Posiciones regionales* está reservada a los puntos
                            focales, porque allí se negocian borradores. El **Foro — Dimensión Social
                            de la Integración** está pensado precisamente para el diálogo con los
                            actores sociales.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "secretaria",
        "author": "carolina.mendez",
        "days_ago": 232,
        "title": "Turnos de moderación y organización del primer trimestre",
        "body": """
            Propuesta de organización interna del equipo:

            - **Turnos:** moderación diaria de lunes a viernes, mañana y tarde (hora de Caracas).
            - **Resumen semanal:** cada lunes publicamos en *Cooperación Sur-Sur* un resumen de
              los hilos activos.
            - **Cuentas de punto focal:** solo se activan con una solicitud oficial de la
              cancillería o de la agencia de cooperación.

            Pendiente: definir quién prepara las versiones en inglés y francés de los documentos
            de referencia.
        """,
        "replies": [
            {
                "author": "rafael.quintero",
                "body": """
                    De acuerdo. Ya están activas las cuentas de los puntos focales que enviaron su
                    solicitud: Argentina, Brasil, Colombia, Costa Rica, Cuba, Haití, Jamaica y México.
                    Para las traducciones sugiero pedir apoyo a la Unidad de Documentación, al menos
                    para las normas de participación.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Perfecto, Rafael. El hilo de bienvenida ya está fijado; coordino con
                            Documentación la versión en inglés y francés de las normas.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "cooperacion-sur-sur",
        "author": "andres.rincon",
        "days_ago": 214,
        "title": "Oferta y demanda de cooperación: propuesta de ficha común",
        "body": """
            Cada agencia registra su oferta de cooperación técnica a su manera: unas por sector,
            otras por institución ejecutora, otras por proyecto. Cuando cruzamos la oferta
            colombiana con la demanda de nuestros socios centroamericanos, perdimos semanas
            homologando fichas.

            Propongo acordar una **ficha mínima común** con estos campos:

            - institución oferente y contraparte;
            - sector y subsector, con una clasificación única;
            - modalidad: asistencia técnica, pasantía, capacitación o intercambio de expertos;
            - duración y distribución de costos (quién cubre pasajes y quién viáticos);
            - resultados esperados verificables.

            ¿Qué campos agregarían o quitarían? Si hay acuerdo, podríamos llevar la propuesta a la
            próxima Reunión de Directores de Cooperación Internacional.
        """,
        "replies": [
            {
                "author": "gabriela.soto",
                "body": """
                    De acuerdo en lo esencial. En México trabajamos con un catálogo de capacidades
                    por institución y la experiencia nos dice que falta un dato clave: **la
                    valorización**. Sin registrar cuánto aporta cada parte —horas de expertos,
                    materiales, logística— la cooperación Sur-Sur sigue siendo invisible en las
                    cuentas nacionales y en los informes internacionales.
                """,
                "replies": [
                    {
                        "author": "andres.rincon",
                        "quote": (
                            "Sin registrar cuánto aporta cada parte —horas de expertos, materiales,\n"
                            "logística— la cooperación Sur-Sur sigue siendo invisible"
                        ),
                        "body": """
                            Totalmente de acuerdo con el diagnóstico. La duda es el método:
                            ¿registramos costos reales o usamos precios de referencia por categoría
                            de experto?
                        """,
                        "replies": [
                            {
                                "author": "lucia.ferreyra",
                                "body": """
                                    En Argentina probamos con precios de referencia por categoría
                                    profesional. Sirvió para el informe anual, pero algunos socios lo
                                    leyeron como una forma de *ponerle precio* a la solidaridad, y
                                    tuvimos que explicarlo varias veces.
                                """,
                                "replies": [
                                    {
                                        "author": "ernesto.valdes",
                                        "body": """
                                            Ese es precisamente el riesgo. Para nosotros la cooperación
                                            no es una transacción comercial y no queremos que se
                                            compare con la asistencia que se compra en el mercado. Lo
                                            que sí podemos hacer es registrar **horas y costos
                                            directos**, sin convertirlos en un precio.
                                        """,
                                        "replies": [
                                            {
                                                "author": "gabriela.soto",
                                                "body": """
                                                    Me parece un punto de equilibrio razonable:
                                                    **costos directos obligatorios, valorización
                                                    opcional**, y cada país decide si la publica.
                                                    ¿Lo dejamos así en el borrador?
                                                """,
                                                "replies": [
                                                    {
                                                        "author": "andres.rincon",
                                                        "body": """
                                                            De acuerdo. Lo incorporo en la versión 2
                                                            de la ficha, que publico en este mismo
                                                            hilo en unos días.
                                                        """,
                                                    },
                                                ],
                                            },
                                        ],
                                    },
                                ],
                            },
                        ],
                    },
                    {
                        "author": "mauricio.solano",
                        "body": """
                            Desde Costa Rica sumaría un campo de **alineamiento con el plan nacional
                            de desarrollo** del país receptor. Nos ayuda a priorizar la demanda y
                            evita proyectos que nadie pidió en la institución contraparte.
                        """,
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    A practical request: please keep an English version of the form. Several
                    CARICOM agencies would gladly contribute, but a Spanish-only template will slow
                    them down. A field for the **working language** of each activity would also
                    help us match experts with their counterparts.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Tomamos nota, Marcia. Cuando la ficha esté acordada, la SP-SELA preparará
                            las versiones en inglés, francés y portugués.
                        """,
                    },
                ],
            },
            {
                "author": "andres.rincon",
                "body": """
                    **Versión 2 de la ficha común**, con los aportes de este hilo:

                    1. Institución oferente y contraparte.
                    2. Sector y subsector, con una clasificación única.
                    3. Modalidad: asistencia técnica, pasantía, capacitación o intercambio de expertos.
                    4. Costos directos de cada parte (obligatorio) y valorización (opcional).
                    5. Alineamiento con el plan nacional de desarrollo del país receptor.
                    6. Resultados esperados verificables.

                    Si no hay objeciones, la llevamos a la próxima Reunión de Directores de
                    Cooperación Internacional. Los antecedentes están en el
                    [portal del SELA](https://www.sela.org).
                """,
                "addendum": """
                    *Edito:* me faltó el **idioma de trabajo** de cada actividad, que propuso Marcia;
                    lo agrego como punto 7 en el documento de trabajo.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Argentina está de acuerdo con la versión 2. Propongo una prueba piloto
                            con dos o tres países antes de la reunión.
                        """,
                        "replies": [
                            {"author": "gabriela.soto", "body": "México se suma al piloto."},
                            {
                                "author": "mauricio.solano",
                                "body": "Costa Rica también. Podemos aportar diez fichas de oferta ya revisadas.",
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "category": "experiencias-exitosas",
        "author": "ana.carvalho",
        "days_ago": 196,
        "title": "Rede de Bancos de Leite Humano: uma cooperação que se multiplicou",
        "body": """
            Compartilho uma experiência que, para nós, resume o melhor da cooperação Sul-Sul: a
            **Rede de Bancos de Leite Humano**.

            O modelo nasceu de uma tecnologia simples e de baixo custo —pasteurização, controle
            de qualidade e coleta domiciliar— desenvolvida no Brasil pela Fiocruz. Quando foi
            compartilhado com outros países da região, não foi simplesmente *exportado*: cada
            país o adaptou às suas normas sanitárias e à sua rede hospitalar.

            O que aprendemos:

            1. **Começar por um hospital de referência** e só depois expandir.
            2. **Formar formadores locais** desde o primeiro dia, para que a cooperação possa terminar.
            3. **Envolver as mães doadoras** e as organizações comunitárias, e não apenas os ministérios.

            Gostaria de ouvir quem recebeu ou adaptou o modelo: o que funcionou e o que não funcionou?
        """,
        "replies": [
            {
                "author": "mauricio.solano",
                "body": """
                    En Costa Rica el primer banco se abrió en un hospital nacional con acompañamiento
                    de especialistas brasileños. Lo más valioso fueron las **pasantías de nuestras
                    enfermeras** en Brasil: volvieron con el método y con una red de colegas a
                    quienes consultar.

                    Lo más difícil fue el mantenimiento de los equipos de pasteurización: los
                    repuestos son importados y un equipo parado detiene todo el servicio.
                """,
                "replies": [
                    {
                        "author": "ana.carvalho",
                        "body": """
                            Exatamente, Mauricio. Esse problema se repetiu em vários países. Hoje
                            recomendamos incluir no projeto, desde o início, um componente de
                            manutenção e a identificação de um fornecedor na própria região.
                        """,
                        "replies": [
                            {
                                "author": "gabriela.soto",
                                "body": """
                                    Lo de los repuestos aparece en casi todos los proyectos de
                                    transferencia de tecnología. ¿Tendría sentido un mecanismo
                                    regional de compras conjuntas?
                                """,
                                "replies": [
                                    {
                                        "author": "lucia.ferreyra",
                                        "body": """
                                            Las compras conjuntas chocan con las leyes de
                                            contrataciones públicas de cada país. Sería más realista
                                            un **registro compartido de proveedores calificados**,
                                            que cada institución use con sus propios procedimientos.
                                        """,
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "ernesto.valdes",
                "body": """
                    Una pregunta práctica: ¿cómo se distribuyeron los costos? En nuestra experiencia,
                    dejar claro desde el inicio quién cubre pasajes, viáticos y materiales evita la
                    mitad de los retrasos.
                """,
                "replies": [
                    {
                        "author": "ana.carvalho",
                        "body": """
                            Em geral, o Brasil cobre passagens e diárias dos técnicos brasileiros, e o
                            país parceiro assume a logística local e a contrapartida institucional.
                            Fica tudo escrito no documento de projeto antes da primeira missão.
                        """,
                    },
                ],
            },
            {
                "author": "patricia.illanes",
                "body": """
                    Para quienes quieran medir resultados: conviene definir la **línea de base**
                    —por ejemplo, la mortalidad neonatal en las unidades atendidas— antes de abrir el
                    banco. Varios proyectos buenos no pudieron demostrar su impacto porque nadie
                    midió el punto de partida.
                """,
            },
        ],
    },
    {
        "category": "experiencias-exitosas",
        "author": "ernesto.valdes",
        "days_ago": 170,
        "title": "Preparación comunitaria ante huracanes: experiencias en el Caribe",
        "body": """
            Quisiera abrir un hilo para intercambiar experiencias de **preparación comunitaria ante
            huracanes**, antes de la próxima temporada.

            En Cuba, el sistema de defensa civil se apoya en tres elementos:

            - **alerta temprana** con fases que la población conoce (informativa, alerta y alarma);
            - **evacuación organizada desde la comunidad**, con listas de personas vulnerables que
              cada barrio mantiene al día;
            - **simulacros anuales** antes del inicio de la temporada.

            Hemos realizado talleres con especialistas de otros países del Caribe y estamos
            dispuestos a repetirlos. También nos interesa aprender de los sistemas de información y
            de los seguros que usan otros países.
        """,
        "replies": [
            {
                "author": "marcia.campbell",
                "body": """
                    Thank you, Ernesto. Jamaica has community disaster committees that work in a
                    similar way. Where we still struggle is reaching the **most vulnerable
                    households** —older people living alone, people with disabilities— when a
                    warning is issued. Neighbourhood lists kept by the community itself sound like
                    exactly what we are missing.
                """,
                "replies": [
                    {
                        "author": "ernesto.valdes",
                        "body": """
                            Con gusto compartimos la metodología, Marcia. La clave es que la lista la
                            actualiza la propia comunidad, con el médico de familia y los vecinos, no
                            una oficina central. Podemos organizar una visita técnica para su equipo.
                        """,
                    },
                ],
            },
            {
                "author": "jeanrobert.pierrelouis",
                "body": """
                    En Haïti, la leçon la plus difficile après les derniers cyclones a été la
                    **coordination** : beaucoup d'acteurs arrivent en même temps, chacun avec ses
                    propres procédures. Nous aimerions participer aux ateliers, à condition que les
                    documents soient disponibles en français ou en créole.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": """
                            Jean-Robert, la SP-SELA puede apoyar la traducción al francés de los
                            materiales del taller. Para el criollo haitiano necesitaríamos el apoyo
                            de su equipo.
                        """,
                        "replies": [
                            {
                                "author": "jeanrobert.pierrelouis",
                                "body": """
                                    Merci beaucoup. Notre équipe peut se charger de la version en
                                    créole ; je vous envoie la liste des participants d'ici la fin
                                    du mois.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "desmond.alleyne",
                "body": """
                    On insurance: the **Caribbean Catastrophe Risk Insurance Facility (CCRIF)** pays
                    out on parametric triggers, so governments receive funds within days of an
                    event rather than months. It does not replace preparedness, but it buys time for
                    the response. Happy to put interested colleagues in touch with the CARICOM team
                    that follows this.
                """,
            },
        ],
    },
    {
        "category": "cumbres",
        "author": "lucia.ferreyra",
        "days_ago": 150,
        "title": "Seguimiento de los mandatos de las Cumbres: una matriz compartida",
        "body": """
            Entre las Cumbres Iberoamericanas, las de América Latina y el Caribe con la Unión
            Europea y las de cada esquema subregional, los mandatos sobre cooperación se
            multiplican y nadie tiene una vista de conjunto.

            Propongo construir entre todos una **matriz de seguimiento**, por ejemplo:

            | Cumbre | Mandato | Responsable | Estado |
            |---|---|---|---|
            | Iberoamericana | Apoyo a las MIPYMES | Ministerios del área | En ejecución |
            | ALC-UE | Cooperación en cohesión social | Cancillerías | Sin avances |

            ¿La Secretaría Permanente podría alojarla y los puntos focales mantenerla al día?
        """,
        "replies": [
            {
                "author": "carolina.mendez",
                "body": """
                    La SP-SELA ya da seguimiento a los mandatos de las Cumbres para sus informes al
                    Consejo Latinoamericano. Podemos publicar la matriz como documento de referencia
                    en este espacio y actualizarla con los aportes de cada país.
                """,
            },
            {
                "author": "andres.rincon",
                "body": """
                    Apoyo la idea. Sugiero una columna sobre **financiamiento**: buena parte de los
                    mandatos de cooperación no tiene recursos asignados, y conviene que eso quede a
                    la vista.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Buen criterio. Agrego la columna con tres valores: *con recursos*,
                            *parcial* y *sin recursos*.
                        """,
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    Please include the CARICOM Heads of Government meetings as well. Many mandates
                    on functional cooperation —health, education, disaster management— come from
                    there, and they often overlap with the hemispheric ones.
                """,
            },
            {
                "author": "gabriela.soto",
                "body": """
                    Para las Cumbres Iberoamericanas, la [SEGIB](https://www.segib.org) publica el
                    seguimiento de sus programas. Tomemos su formato como base para no duplicar
                    trabajo.
                """,
            },
        ],
    },
    {
        "category": "posiciones-regionales",
        "author": "lucia.ferreyra",
        "days_ago": 128,
        "title": "Borrador de posición común sobre la cooperación con los países de renta media",
        "body": """
            Comparto el borrador que acordamos preparar en la última reunión. Es un texto de
            trabajo: **no circularlo fuera de este espacio**.

            1. El ingreso per cápita no refleja las brechas internas de los países de renta media:
               desigualdad, pobreza territorial y vulnerabilidad ante desastres.
            2. La reducción de la cooperación tradicional hacia estos países debe ser gradual y
               acordada, con criterios multidimensionales.
            3. La cooperación Sur-Sur complementa la cooperación Norte-Sur; no la sustituye.
            4. Los países de la región cumplen un **doble papel**, como oferentes y receptores, que
               los sistemas de medición deben reconocer.

            Les pido comentarios en las próximas dos semanas.
        """,
        "replies": [
            {
                "author": "andres.rincon",
                "body": """
                    Colombia apoya el borrador. Propongo un quinto punto sobre la **cooperación
                    triangular** como puente entre ambas modalidades, siempre que el liderazgo
                    técnico sea de los países de la región.
                """,
                "replies": [
                    {
                        "author": "gabriela.soto",
                        "body": """
                            De acuerdo con el punto 5, pero cuidaría la redacción: «liderazgo técnico»
                            puede incomodar a algunos socios. Sugiero «apropiación y conducción por
                            parte de los países de la región».
                        """,
                    },
                ],
            },
            {
                "author": "ana.carvalho",
                "body": """
                    O Brasil apoia o texto em termos gerais. Sugerimos evitar a palavra «graduação»
                    em qualquer versão futura: ela sugere que a cooperação é um prêmio que se perde
                    ao crescer, e não uma relação entre parceiros.
                """,
            },
            {
                "author": "ernesto.valdes",
                "body": """
                    Cuba propone añadir una mención explícita a los principios de **no
                    condicionalidad** y respeto a la soberanía, que distinguen a la cooperación
                    Sur-Sur.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Lo incorporamos en el punto 3, con la redacción de los principios que ya
                            acordamos en reuniones anteriores de directores.
                        """,
                    },
                ],
            },
            {
                "author": "jeanrobert.pierrelouis",
                "body": """
                    Haïti n'est pas un pays à revenu intermédiaire, et la position devrait le dire
                    clairement : la région compte aussi un pays moins avancé, pour lequel la
                    coopération traditionnelle reste indispensable. Nous proposons un paragraphe à
                    ce sujet.
                """,
                "replies": [
                    {
                        "author": "lucia.ferreyra",
                        "body": """
                            Muy pertinente, Jean-Robert. Agregamos un punto sobre la situación de
                            Haití como país menos adelantado y sobre la solidaridad regional con su
                            reconstrucción.
                        """,
                    },
                ],
            },
            {
                "author": "lucia.ferreyra",
                "body": """
                    **Versión 2** del borrador, con los aportes de Brasil, Colombia, Cuba, Haití y
                    México:

                    1. Brechas internas de los países de renta media (sin cambios).
                    2. Reducción gradual y acordada de la cooperación tradicional, con criterios
                       multidimensionales.
                    3. Complementariedad de la cooperación Sur-Sur, con sus principios de no
                       condicionalidad y respeto a la soberanía.
                    4. Doble papel de oferentes y receptores.
                    5. Cooperación triangular con apropiación y conducción por parte de los países
                       de la región.
                    6. Situación particular de Haití como país menos adelantado.

                    Si no hay objeciones, la SP-SELA la presentará como insumo para la Reunión de
                    Directores.
                """,
                "addendum": "*Edito:* el plazo para objeciones es de diez días hábiles.",
            },
        ],
    },
    {
        "category": "distribucion-del-ingreso",
        "author": "tomas.aguirre",
        "days_ago": 160,
        "title": "¿Puede la política tributaria reducir la desigualdad en nuestra región?",
        "body": """
            En el observatorio venimos comparando datos de la región y hay un hallazgo que se
            repite: en América Latina la desigualdad **casi no cambia** después de impuestos y
            transferencias, mientras que en los países europeos se reduce de manera importante.

            La explicación habitual es que nuestros sistemas tributarios descansan en impuestos
            indirectos, como el IVA, que pesan proporcionalmente más sobre los hogares pobres.

            Me interesan experiencias concretas:

            - reformas del impuesto a la renta personal que hayan ampliado la base;
            - impuestos a la propiedad inmobiliaria con catastros actualizados;
            - revisión de exenciones y beneficios tributarios que ya no se justifican.
        """,
        "replies": [
            {
                "author": "patricia.illanes",
                "body": """
                    Los datos confirman su diagnóstico, Tomás. En nuestros estudios, la reducción
                    del coeficiente de Gini por efecto de impuestos y transferencias es mucho menor
                    en la región que en los países de la OCDE. Los análisis más recientes están en
                    el portal de la [CEPAL](https://www.cepal.org).
                """,
                "replies": [
                    {
                        "author": "tomas.aguirre",
                        "body": """
                            ¿Y el efecto de las transferencias monetarias? ¿No compensa en parte lo
                            regresivo de los impuestos?
                        """,
                        "replies": [
                            {
                                "author": "patricia.illanes",
                                "body": """
                                    En parte, sí. Las transferencias focalizadas tienen un efecto
                                    redistributivo visible, pero son pequeñas en relación con el PIB.
                                    El mayor margen está en el impuesto a la renta, que en la región
                                    recauda poco por exenciones y evasión.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "andres.rincon",
                "body": """
                    Una experiencia en curso: la actualización del **catastro multipropósito** en
                    municipios rurales. Además de mejorar la recaudación del impuesto predial, da
                    seguridad jurídica a los pequeños propietarios. Es lento y costoso, pero es de
                    los pocos impuestos que pueden ser progresivos en el nivel local.
                """,
            },
            {
                "author": "desmond.alleyne",
                "body": """
                    A Caribbean perspective: small island economies depend heavily on trade taxes
                    and VAT, and the tax incentives granted to attract tourism investment erode the
                    base further. Any regional discussion on tax policy should include **tax
                    incentive transparency**.
                """,
                "replies": [
                    {
                        "author": "tomas.aguirre",
                        "quote": "the tax incentives granted to attract tourism investment erode the\nbase further",
                        "body": """
                            Lo mismo ocurre con las zonas francas en varios países centroamericanos.
                            Un registro público de los beneficios tributarios, con su costo fiscal
                            estimado, sería un primer paso que no requiere ninguna reforma legal.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "pobreza-e-inclusion",
        "author": "gabriela.soto",
        "days_ago": 142,
        "title": "Transferencias condicionadas: qué funcionó y qué corregiríamos",
        "body": """
            Después de muchos años de programas de transferencias condicionadas en la región, ya
            hay evaluaciones suficientes para un balance honesto.

            Lo que en México consideramos **logros**:

            - aumentos sostenidos en la asistencia escolar, sobre todo de las niñas en secundaria;
            - más controles de salud en la primera infancia;
            - un padrón de beneficiarios con evaluación externa desde el principio.

            Lo que **corregiríamos**:

            - la salida del programa: muchas familias no encuentran una ruta hacia el empleo;
            - la carga de las corresponsabilidades, que recae casi siempre en las madres.

            ¿Cuál es el balance en sus países?
        """,
        "replies": [
            {
                "author": "ana.carvalho",
                "body": """
                    No Brasil, o maior legado talvez não seja a transferência em si, mas o
                    **Cadastro Único**: um registro das famílias de baixa renda que hoje serve a
                    dezenas de programas sociais. Sem ele, cada programa teria de construir sua
                    própria lista.
                """,
                "replies": [
                    {
                        "author": "patricia.illanes",
                        "body": """
                            Coincido: los registros sociales son el activo más duradero de estos
                            programas. Pero necesitan actualización permanente y protección de los
                            datos personales, algo que varios países todavía no resuelven.
                        """,
                        "replies": [
                            {
                                "author": "tomas.aguirre",
                                "body": """
                                    Y hay que escuchar a quienes están en esos registros. Las
                                    organizaciones de mujeres que acompañamos cuentan que cumplir las
                                    corresponsabilidades les toma horas cada mes: filas,
                                    certificados, traslados. Ese costo casi nunca aparece en las
                                    evaluaciones.
                                """,
                                "replies": [
                                    {
                                        "author": "gabriela.soto",
                                        "body": """
                                            Es una crítica justa, Tomás. En las últimas reglas de
                                            operación simplificamos la certificación de asistencia
                                            escolar, que ahora envía directamente la escuela. Falta
                                            mucho, pero muestra que esa carga se puede reducir.
                                        """,
                                    },
                                ],
                            },
                        ],
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    Jamaica's **PATH** programme follows the same logic, with conditions on school
                    attendance and health visits. Our main lesson: link it with skills training for
                    young people in beneficiary households, otherwise the transfer becomes the only
                    income for years.
                """,
            },
            {
                "author": "rosa.lemus",
                "body": """
                    En Centroamérica varios países tienen programas parecidos, con coberturas muy
                    distintas. Desde el SICA nos interesa promover un **intercambio de evaluaciones**
                    entre los ministerios de desarrollo social de la subregión. ¿Alguien puede
                    compartir sus términos de referencia?
                """,
                "replies": [
                    {
                        "author": "gabriela.soto",
                        "body": """
                            Con gusto compartimos los de nuestras últimas evaluaciones externas,
                            Rosa. Se los hacemos llegar por medio de la Secretaría.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "crecimiento-sostenible",
        "author": "mauricio.solano",
        "days_ago": 88,
        "title": "MIPYMES y empleo: ¿qué apoyos ayudan de verdad a exportar?",
        "body": """
            Las micro, pequeñas y medianas empresas generan la mayor parte del empleo en nuestros
            países, pero exportan muy poco. En Costa Rica tenemos un programa de encadenamientos
            con empresas exportadoras que ha dado resultados, y queremos compararlo con otras
            experiencias.

            Temas que nos interesan:

            1. **Encadenamientos** con grandes empresas exportadoras.
            2. **Consorcios de exportación** entre pequeñas empresas.
            3. Sistemas de **garantías** para el financiamiento.

            El programa SELA-IBERPYME acumuló mucha experiencia en estos temas; sería bueno
            recuperarla.
        """,
        "replies": [
            {
                "author": "rosa.lemus",
                "body": """
                    En el SICA hemos visto que los consorcios funcionan cuando tienen un **gerente
                    compartido** pagado, al menos en parte, por las propias empresas. Cuando todo lo
                    paga la cooperación, el consorcio desaparece con el proyecto.
                """,
                "replies": [
                    {
                        "author": "mauricio.solano",
                        "body": "Es exactamente nuestra experiencia. ¿Tienen algún documento con esos casos?",
                        "replies": [
                            {
                                "author": "rosa.lemus",
                                "body": """
                                    Sí, una sistematización de casos de la región. La subo a la
                                    biblioteca del [SICA](https://www.sica.int) y comparto aquí el
                                    enlace.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "andres.rincon",
                "body": """
                    Sobre garantías: los fondos funcionan mejor cuando el riesgo se comparte con los
                    bancos. Si la garantía cubre el 100 % del crédito, nadie lo evalúa bien.
                """,
            },
            {
                "author": "tomas.aguirre",
                "body": """
                    No olvidemos a las **cooperativas** y a las empresas de economía social: también
                    exportan, sobre todo café, cacao y artesanías, y suelen quedar fuera de los
                    programas dirigidos a las MIPYMES.
                """,
                "replies": [
                    {
                        "author": "mauricio.solano",
                        "body": """
                            Buen punto, Tomás. En nuestro programa las cooperativas pueden
                            participar, pero casi no se postulan. Quizás nos falta difusión.
                        """,
                    },
                ],
            },
        ],
    },
    {
        "category": "cooperacion-sur-sur",
        "author": "gabriela.soto",
        "days_ago": 100,
        "title": "Cooperación triangular: ¿quién conduce cuando el socio es del Norte?",
        "body": """
            México ha participado en varios proyectos triangulares con agencias europeas y
            asiáticas. Los resultados técnicos son buenos, pero la gestión no siempre lo es: tres
            socios, tres ciclos de proyecto y tres formatos de informe.

            Algunas preguntas para el grupo:

            - ¿Quién debería presidir el comité de gestión: el receptor, el oferente del Sur o el
              socio del Norte?
            - ¿Han logrado usar **un solo formato de informe** para los tres socios?
            - ¿Cómo evitan que el socio que más financia termine definiendo la agenda?
        """,
        "replies": [
            {
                "author": "mauricio.solano",
                "body": """
                    Como receptores en un proyecto triangular de gestión de residuos sólidos,
                    nuestra conclusión fue clara: **el comité lo preside el país receptor**. Cuando
                    lo presidía el socio financiador, las decisiones tardaban el doble porque todo
                    se consultaba con su sede.
                """,
                "replies": [
                    {
                        "author": "gabriela.soto",
                        "body": """
                            Coincido, Mauricio. ¿Y cómo resolvieron los informes? ¿El socio
                            financiador aceptó su formato?
                        """,
                        "replies": [
                            {
                                "author": "mauricio.solano",
                                "body": """
                                    Negociamos un informe único con un anexo financiero en el
                                    formato del financiador. No es perfecto, pero redujo a la mitad
                                    el trabajo de nuestros técnicos.
                                """,
                            },
                        ],
                    },
                ],
            },
            {
                "author": "ana.carvalho",
                "body": """
                    Nas parcerias triangulares com a JICA, o que funcionou foi definir no acordo
                    inicial um **plano de trabalho comum** e uma única instância de decisão. O
                    financiamento pode ser desigual; a decisão, não.
                """,
                "replies": [
                    {
                        "author": "andres.rincon",
                        "body": "Muy buena fórmula, Ana. La vamos a proponer en el taller de puntos focales.",
                    },
                ],
            },
            {
                "author": "marcia.campbell",
                "body": """
                    From the recipient's side: please make sure the three partners agree on whom the
                    beneficiary should call when something goes wrong. In one project we had three
                    focal points and none of them could decide.
                """,
            },
        ],
    },
    {
        "category": "crecimiento-sostenible",
        "author": "desmond.alleyne",
        "days_ago": 62,
        "title": "Financiamiento para la adaptación al cambio climático en los pequeños Estados insulares",
        "body": """
            For the small island states of the Caribbean, climate change is not a future risk:
            rising sea levels, coral bleaching and stronger hurricanes already affect tourism,
            fisheries and public finances.

            Three obstacles keep coming up in our discussions at CARICOM:

            1. **Access:** climate funds require project pipelines and fiduciary standards that
               small administrations struggle to meet.
            2. **Eligibility:** several of our members are classified as middle or high income,
               which closes the door to concessional finance despite their vulnerability.
            3. **Debt:** every disaster adds to public debt and leaves less room for adaptation.

            I would welcome views from colleagues in Central and South America, who face some of
            the same problems on a different scale.
        """,
        "replies": [
            {
                "author": "jeanrobert.pierrelouis",
                "body": """
                    Pour Haïti, le problème principal est l'**accès** : nos équipes passent plus de
                    temps à remplir les formulaires des différents fonds qu'à préparer les projets.
                    Un appui régional à la préparation des dossiers serait très utile.
                """,
                "replies": [
                    {
                        "author": "desmond.alleyne",
                        "body": """
                            Agreed, Jean-Robert. A shared **project preparation facility** is one of
                            the proposals on the table, and Haiti should be part of that
                            conversation from the start.
                        """,
                    },
                ],
            },
            {
                "author": "patricia.illanes",
                "body": """
                    Sobre el punto 2: la CEPAL ha propuesto incorporar la **vulnerabilidad** como
                    criterio para asignar financiamiento en condiciones favorables, y no solo el
                    ingreso per cápita. El Caribe es el caso más claro.
                """,
            },
            {
                "author": "mauricio.solano",
                "body": """
                    Costa Rica puede aportar su experiencia con el **pago por servicios
                    ambientales**, financiado en parte con un impuesto a los combustibles. No es
                    adaptación en sentido estricto, pero muestra que un instrumento nacional estable
                    puede atraer cooperación adicional.
                """,
                "replies": [
                    {
                        "author": "marcia.campbell",
                        "body": """
                            Very interesting, Mauricio. Is there an English summary of how the
                            scheme is financed? Our environment ministry would like to study it.
                        """,
                        "replies": [
                            {
                                "author": "mauricio.solano",
                                "body": """
                                    Sí, Marcia: el fondo publica un resumen en inglés. Se lo hago
                                    llegar por medio de la Secretaría.
                                """,
                            },
                        ],
                    },
                ],
            },
        ],
    },
    {
        "category": "organismos-subregionales",
        "author": "rosa.lemus",
        "days_ago": 44,
        "title": "Mapa de los programas sociales de los esquemas de integración",
        "body": """
            Para preparar el próximo encuentro sobre la dimensión social de la integración,
            propongo construir aquí un **mapa de los programas sociales** de cada esquema y de sus
            instancias responsables:

            - **SICA:** Consejo de la Integración Social Centroamericana y su Secretaría.
            - **CAN:** Plan Integrado de Desarrollo Social.
            - **MERCOSUR:** Instituto Social del MERCOSUR.
            - **CARICOM:** Dirección de Desarrollo Humano y Social.
            - **ALBA**, **UNASUR** y **AEC:** pendientes; ¿quién puede completarlos?

            La idea es ver dónde hay duplicaciones y dónde hay espacio para programas comunes.
        """,
        "replies": [
            {
                "author": "desmond.alleyne",
                "body": """
                    For CARICOM, please add the regional strategies on **HIV**, **youth
                    development** and **social protection**, coordinated through the Council for
                    Human and Social Development (COHSOD).
                """,
            },
            {
                "author": "patricia.illanes",
                "body": """
                    Sugiero una columna con las **fuentes de financiamiento** de cada programa:
                    muchas iniciativas subregionales dependen de la cooperación externa, y eso
                    condiciona su continuidad.
                """,
            },
            {
                "author": "tomas.aguirre",
                "body": """
                    Y otra sobre los **mecanismos de participación social**: consejos consultivos,
                    foros de la sociedad civil, cumbres sociales. Algunos esquemas los tienen y otros
                    no.
                """,
                "replies": [
                    {
                        "author": "rosa.lemus",
                        "body": """
                            Buenas sugerencias. Incorporo ambas columnas y publico la primera versión
                            del mapa la semana próxima.
                        """,
                    },
                ],
            },
            {
                "author": "carolina.mendez",
                "body": """
                    La SP-SELA puede completar la información de ALBA, UNASUR y la AEC a partir de
                    sus documentos oficiales y preparar la síntesis para el encuentro.
                """,
            },
        ],
    },
    {
        "category": "cooperacion-sur-sur",
        "author": "carolina.mendez",
        "days_ago": 9,
        "title": "Taller de actualización de puntos focales: ¿qué temas priorizamos?",
        "body": """
            A continuación de la próxima Reunión de Directores de Cooperación Internacional de
            América Latina y el Caribe se realizará el **Taller de actualización de puntos
            focales**, y queremos que el programa responda a sus necesidades.

            Temas propuestos hasta ahora:

            - negociación de acuerdos de cooperación técnica;
            - medición de la cooperación Sur-Sur (véase el hilo sobre la ficha común);
            - gestión de proyectos triangulares;
            - incorporación de la reducción del riesgo de desastres en los proyectos.

            Respondan con los dos temas que consideran prioritarios. Cerramos el programa en tres
            semanas.
        """,
        "replies": [
            {
                "author": "jeanrobert.pierrelouis",
                "body": "Pour Haïti : la **coordination des bailleurs** et la gestion axée sur les résultats.",
            },
            {
                "author": "ana.carvalho",
                "body": "Medição da cooperação Sul-Sul e gestão de projetos triangulares.",
            },
            {
                "author": "lucia.ferreyra",
                "body": """
                    Negociación de acuerdos y medición. Podemos presentar los resultados del piloto
                    de la ficha común.
                """,
                "replies": [
                    {
                        "author": "carolina.mendez",
                        "body": "Excelente, Lucía: reservamos un espacio del programa para el piloto.",
                    },
                ],
            },
            {
                "author": "ernesto.valdes",
                "body": """
                    Reducción del riesgo de desastres y medición, con el enfoque de costos directos
                    que acordamos en el hilo de la ficha común.
                """,
            },
        ],
    },
]


@dataclass
class _Entry:
    """One post to write: its spec, when, and the post it answers."""

    at: datetime
    spec: dict
    topic_spec: dict
    parent: "_Entry | None" = None
    post_id: int | None = None


def seed_demo_content() -> None:
    """Create the demo accounts and discussions; existing ones are left alone."""
    users, created = _ensure_accounts()
    categories = {category.slug: category for category in db.session.scalars(db.select(Category))}
    now = utcnow()
    entries = sorted(
        (
            entry
            for spec in TOPICS
            if not _topic_exists(categories[spec["category"]], spec["title"])
            for entry in _schedule(spec, now)
        ),
        key=lambda entry: entry.at,
    )
    topics: dict[str, Topic] = {}
    for entry in entries:
        _write(entry, users, categories, topics)
    _settle_dates(entries, users, created, categories.values(), now)
    db.session.commit()


def _ensure_accounts() -> tuple[dict[str, User], set[str]]:
    """Demo users by handle, and the handles created in this run."""
    organizations = dict(db.session.execute(db.select(Organization.acronym, Organization.id)).all())
    users, created = {}, set()
    for account in DEMO_ACCOUNTS:
        handle = account["email"].split("@")[0]
        user = db.session.scalar(db.select(User).filter_by(email=account["email"]))
        if user is None:
            user = accounts.register(
                name=account["name"], email=account["email"], password=account["password"],
                title=account["title"], country_code=account["country_code"],
                organization_id=organizations.get(account["organization"]), role=account["role"],
            )
            created.add(handle)
        users[handle] = user
    return users, created


def _topic_exists(category: Category, title: str) -> bool:
    return db.session.scalar(
        db.select(Topic.id).filter_by(category_id=category.id, title=title).limit(1)
    ) is not None


def _schedule(spec: dict, now: datetime) -> list[_Entry]:
    """A topic's posts in writing order, each a few hours after the one before."""
    rng = random.Random(spec["title"])
    opening = _Entry(_working_hours(now - timedelta(days=spec["days_ago"]), rng), spec, spec)
    entries = [opening]

    def add(parent: _Entry, replies: list[dict]) -> None:
        for reply in replies:
            at = _working_hours(entries[-1].at + timedelta(hours=rng.uniform(2, 30)), rng)
            entries.append(_Entry(at, reply, spec, parent))
            add(entries[-1], reply.get("replies", []))

    add(opening, spec.get("replies", []))
    # A thread that would run into the future starts as many days earlier as needed.
    overflow = entries[-1].at - (now - timedelta(hours=1))
    if overflow > timedelta(0):
        for entry in entries:
            entry.at -= timedelta(days=overflow.days + 1)
    return entries


def _working_hours(moment: datetime, rng: random.Random) -> datetime:
    """Move a time forward into the region's working day, about 12:00–23:00 UTC."""
    if moment.hour == 23:
        moment += timedelta(days=1)
    if moment.hour < 12 or moment.hour == 23:
        moment = moment.replace(hour=12 + rng.randrange(10), minute=rng.randrange(60))
    return moment


def _write(entry: _Entry, users: dict[str, User], categories: dict[str, Category],
           topics: dict[str, Topic]) -> None:
    """Write one post through the services, then date it."""
    spec, author = entry.spec, users[entry.spec["author"]]
    body = inspect.cleandoc(spec["body"])
    if entry.parent is None:
        topic = discussions.create_topic(author, categories[spec["category"]], spec["title"], body)
        topics[spec["title"]] = topic
        post = db.session.scalar(db.select(Post).filter_by(topic_id=topic.id, parent_id=None))
        topic.created_at = entry.at
        if spec.get("pinned"):
            moderation.set_topic_flag(author, topic, "pin", "Normas de participación")
            _latest(ModerationAction, target_type="topic", target_id=topic.id).created_at = (
                entry.at + timedelta(minutes=5)
            )
    else:
        topic = topics[entry.topic_spec["title"]]
        if "quote" in spec:
            body = quote_markdown(users[entry.parent.spec["author"]].name, spec["quote"]) + body
        post = discussions.reply(author, topic, body, parent_id=entry.parent.post_id)
    post.created_at = topic.last_post_at = entry.at
    entry.post_id = post.id
    if "addendum" in spec:
        discussions.edit_post(author, post, f"{body}\n\n{inspect.cleandoc(spec['addendum'])}")
        edited_at = entry.at + timedelta(minutes=40)
        post.edited_at = _latest(PostRevision, post_id=post.id).created_at = edited_at


def _latest(model, **criteria):
    return db.session.scalar(db.select(model).filter_by(**criteria).order_by(model.id.desc()).limit(1))


def _settle_dates(entries: list[_Entry], users: dict[str, User], created: set[str],
                  categories, now: datetime) -> None:
    """Categories show their newest post. New accounts predate the launch
    (staff and focal points) or their own first post (members)."""
    for category in categories:
        category.last_post_at = db.session.scalar(
            db.select(db.func.max(Topic.last_post_at)).where(Topic.category_id == category.id)
        )
    launch = entries[0].at if entries else now
    first_post: dict[str, datetime] = {}
    for entry in entries:
        first_post.setdefault(entry.spec["author"], entry.at)
    for number, handle in enumerate(sorted(created)):
        user = users[handle]
        joined = first_post.get(handle, now) if user.role == "member" else launch
        user.created_at = joined - timedelta(days=1 + number % 4, hours=number)
